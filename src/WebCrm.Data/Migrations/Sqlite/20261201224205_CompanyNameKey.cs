using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WebCrm.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CompanyNameKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "NameKey",
                table: "Companies",
                type: "TEXT",
                maxLength: 300,
                nullable: false,
                defaultValue: "");

            // Hand-written: the existing rows' key, computed in SQL from the search text (see CompanyNameKeys).
            migrationBuilder.Sql(CompanyNameKeys.FillSqlite);

            migrationBuilder.CreateIndex(
                name: "IX_Companies_NameKey_Id",
                table: "Companies",
                columns: new[] { "NameKey", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Companies_NameKey_Id",
                table: "Companies");

            migrationBuilder.DropColumn(
                name: "NameKey",
                table: "Companies");
        }
    }
}
