using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WebCrm.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class ClientSearchIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            migrationBuilder.CreateIndex(
                name: "IX_ContactPersons_SearchText_trgm",
                table: "ContactPersons",
                column: "SearchText")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "IX_Companies_SearchText_trgm",
                table: "Companies",
                column: "SearchText")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            // The list's text filters compare lower(column) (Contains, StartsWith, Equals, In): trigram indexes on
            // those expressions, which the EF model cannot describe.
            foreach (var column in FilteredTextColumns)
            {
                migrationBuilder.Sql(
                    $"CREATE INDEX \"IX_Companies_{column}_lower_trgm\" ON \"Companies\" USING gin (lower(\"{column}\") gin_trgm_ops);");
            }
        }

        private static readonly string[] FilteredTextColumns = ["Name", "LegalName", "Inn", "City", "Phone", "Email"];

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var column in FilteredTextColumns)
            {
                migrationBuilder.Sql($"DROP INDEX \"IX_Companies_{column}_lower_trgm\";");
            }

            migrationBuilder.DropIndex(
                name: "IX_ContactPersons_SearchText_trgm",
                table: "ContactPersons");

            migrationBuilder.DropIndex(
                name: "IX_Companies_SearchText_trgm",
                table: "Companies");

            migrationBuilder.AlterDatabase()
                .OldAnnotation("Npgsql:PostgresExtension:pg_trgm", ",,");
        }
    }
}
