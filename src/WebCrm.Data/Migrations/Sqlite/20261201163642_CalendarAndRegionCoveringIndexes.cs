using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WebCrm.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CalendarAndRegionCoveringIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Companies_RegionId",
                table: "Companies");

            migrationBuilder.DropIndex(
                name: "IX_Activities_ResponsibleId_StartUtc",
                table: "Activities");

            migrationBuilder.CreateIndex(
                name: "IX_Companies_RegionId_Id",
                table: "Companies",
                columns: new[] { "RegionId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Activities_Calendar",
                table: "Activities",
                columns: new[] { "ResponsibleId", "StartUtc", "EndUtc", "Status", "TypeId", "CompanyId", "AllDay", "Id", "ConcurrencyStamp", "Subject" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Companies_RegionId_Id",
                table: "Companies");

            migrationBuilder.DropIndex(
                name: "IX_Activities_Calendar",
                table: "Activities");

            migrationBuilder.CreateIndex(
                name: "IX_Companies_RegionId",
                table: "Companies",
                column: "RegionId");

            migrationBuilder.CreateIndex(
                name: "IX_Activities_ResponsibleId_StartUtc",
                table: "Activities",
                columns: new[] { "ResponsibleId", "StartUtc" });
        }
    }
}
