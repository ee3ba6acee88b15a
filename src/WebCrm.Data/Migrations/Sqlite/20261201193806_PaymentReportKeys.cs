using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WebCrm.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PaymentReportKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "CompanyRegionId",
                table: "Payments",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DealResponsibleId",
                table: "Payments",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            // Hand-written (a data step EF cannot express): the payments already there get their keys from their deals and
            // companies (afterwards PaymentReportKeys keeps them in every save), before the index is built, so the index is
            // made once over the filled rows. The same statement on both providers.
            migrationBuilder.Sql("""
                UPDATE "Payments" SET
                    "CompanyRegionId" = (SELECT c."RegionId" FROM "Deals" AS d JOIN "Companies" AS c ON c."Id" = d."CompanyId" WHERE d."Id" = "Payments"."DealId"),
                    "DealResponsibleId" = (SELECT d."ResponsibleId" FROM "Deals" AS d WHERE d."Id" = "Payments"."DealId");
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Payments_Report_Region",
                table: "Payments",
                columns: new[] { "Date", "CompanyRegionId", "CurrencyId", "DealId", "Amount" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Payments_Report_Region",
                table: "Payments");

            migrationBuilder.DropColumn(
                name: "CompanyRegionId",
                table: "Payments");

            migrationBuilder.DropColumn(
                name: "DealResponsibleId",
                table: "Payments");
        }
    }
}
