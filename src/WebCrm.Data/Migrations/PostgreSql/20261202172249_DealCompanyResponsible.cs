using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WebCrm.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class DealCompanyResponsible : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CompanyResponsibleId",
                table: "Deals",
                type: "character varying(450)",
                maxLength: 450,
                nullable: true);

            // Hand-written (a data step EF cannot express): the deals already there get the responsible of their company
            // (afterwards DealCompanyResponsible keeps it in every save), before the index is built, so the index is made
            // once over the filled rows. The same statement on both providers.
            migrationBuilder.Sql("""
                UPDATE "Deals" SET "CompanyResponsibleId" = (SELECT c."ResponsibleId" FROM "Companies" AS c WHERE c."Id" = "Deals"."CompanyId");
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Deals_CompanyResponsibleId_StartDate_Id",
                table: "Deals",
                columns: new[] { "CompanyResponsibleId", "StartDate", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Deals_CompanyResponsibleId_StartDate_Id",
                table: "Deals");

            migrationBuilder.DropColumn(
                name: "CompanyResponsibleId",
                table: "Deals");
        }
    }
}
