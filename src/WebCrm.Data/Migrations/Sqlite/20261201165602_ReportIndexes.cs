using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WebCrm.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ReportIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_DealLines_DealId",
                table: "DealLines");

            migrationBuilder.CreateIndex(
                name: "IX_Deals_Status_CloseDate",
                table: "Deals",
                columns: new[] { "Status", "CloseDate" });

            migrationBuilder.CreateIndex(
                name: "IX_DealLines_DealId_ProductId_Amount_Quantity",
                table: "DealLines",
                columns: new[] { "DealId", "ProductId", "Amount", "Quantity" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Deals_Status_CloseDate",
                table: "Deals");

            migrationBuilder.DropIndex(
                name: "IX_DealLines_DealId_ProductId_Amount_Quantity",
                table: "DealLines");

            migrationBuilder.CreateIndex(
                name: "IX_DealLines_DealId",
                table: "DealLines",
                column: "DealId");
        }
    }
}
