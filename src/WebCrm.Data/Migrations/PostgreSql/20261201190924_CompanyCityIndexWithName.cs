using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WebCrm.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class CompanyCityIndexWithName : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Companies_City_Id",
                table: "Companies");

            migrationBuilder.CreateIndex(
                name: "IX_Companies_City_Id",
                table: "Companies",
                columns: new[] { "City", "Id" })
                .Annotation("Npgsql:IndexInclude", new[] { "Name" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Companies_City_Id",
                table: "Companies");

            migrationBuilder.CreateIndex(
                name: "IX_Companies_City_Id",
                table: "Companies",
                columns: new[] { "City", "Id" });
        }
    }
}
