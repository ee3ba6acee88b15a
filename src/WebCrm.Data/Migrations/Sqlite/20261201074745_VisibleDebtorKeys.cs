using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WebCrm.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class VisibleDebtorKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Companies_ResponsibleId_Name",
                table: "Companies");

            migrationBuilder.CreateIndex(
                name: "IX_Deals_Debtors_Keys",
                table: "Deals",
                columns: new[] { "Id", "Status", "ResponsibleId", "CompanyId" },
                filter: "\"Debt\" > 0");

            migrationBuilder.CreateIndex(
                name: "IX_Companies_ResponsibleId_Name_Id",
                table: "Companies",
                columns: new[] { "ResponsibleId", "Name", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Deals_Debtors_Keys",
                table: "Deals");

            migrationBuilder.DropIndex(
                name: "IX_Companies_ResponsibleId_Name_Id",
                table: "Companies");

            migrationBuilder.CreateIndex(
                name: "IX_Companies_ResponsibleId_Name",
                table: "Companies",
                columns: new[] { "ResponsibleId", "Name" });
        }
    }
}
