using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WebCrm.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class DebtorsIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Deals_Debtors_StartDate_Id",
                table: "Deals",
                columns: new[] { "StartDate", "Id" },
                filter: "\"Debt\" > 0");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Deals_Debtors_StartDate_Id",
                table: "Deals");
        }
    }
}
