using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WebCrm.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DealVisibilityKeyIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Deals_CompanyId_Status",
                table: "Deals");

            migrationBuilder.DropIndex(
                name: "IX_Deals_ResponsibleId_StartDate",
                table: "Deals");

            migrationBuilder.CreateIndex(
                name: "IX_Deals_CompanyId_Status_Id",
                table: "Deals",
                columns: new[] { "CompanyId", "Status", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Deals_ResponsibleId_StartDate_Id",
                table: "Deals",
                columns: new[] { "ResponsibleId", "StartDate", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Deals_CompanyId_Status_Id",
                table: "Deals");

            migrationBuilder.DropIndex(
                name: "IX_Deals_ResponsibleId_StartDate_Id",
                table: "Deals");

            migrationBuilder.CreateIndex(
                name: "IX_Deals_CompanyId_Status",
                table: "Deals",
                columns: new[] { "CompanyId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Deals_ResponsibleId_StartDate",
                table: "Deals",
                columns: new[] { "ResponsibleId", "StartDate" });
        }
    }
}
