using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WebCrm.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class BirthdayMonthDay : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "BirthdayMonthDay",
                table: "ContactPersons",
                type: "integer",
                nullable: true);

            // Hand-written: fills the new column for the contact persons already stored (the app sets it on every save
            // from now on, with the birthday), before the index is built.
            migrationBuilder.Sql("UPDATE \"ContactPersons\" SET \"BirthdayMonthDay\" = EXTRACT(MONTH FROM \"Birthday\")::integer * 100 + EXTRACT(DAY FROM \"Birthday\")::integer WHERE \"Birthday\" IS NOT NULL;");

            migrationBuilder.CreateIndex(
                name: "IX_ContactPersons_BirthdayMonthDay_CompanyId_FullName",
                table: "ContactPersons",
                columns: new[] { "BirthdayMonthDay", "CompanyId", "FullName" },
                filter: "\"BirthdayMonthDay\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ContactPersons_BirthdayMonthDay_CompanyId_FullName",
                table: "ContactPersons");

            migrationBuilder.DropColumn(
                name: "BirthdayMonthDay",
                table: "ContactPersons");
        }
    }
}
