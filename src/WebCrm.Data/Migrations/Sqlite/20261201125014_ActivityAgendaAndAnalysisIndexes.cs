using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WebCrm.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ActivityAgendaAndAnalysisIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Activities_StartUtc",
                table: "Activities");

            migrationBuilder.CreateIndex(
                name: "IX_Activities_Planned_ResponsibleId_StartUtc",
                table: "Activities",
                columns: new[] { "ResponsibleId", "StartUtc" },
                filter: "\"Status\" = 1");

            migrationBuilder.CreateIndex(
                name: "IX_Activities_StartUtc_ResponsibleId_TypeId_Status_CompanyId",
                table: "Activities",
                columns: new[] { "StartUtc", "ResponsibleId", "TypeId", "Status", "CompanyId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Activities_Planned_ResponsibleId_StartUtc",
                table: "Activities");

            migrationBuilder.DropIndex(
                name: "IX_Activities_StartUtc_ResponsibleId_TypeId_Status_CompanyId",
                table: "Activities");

            migrationBuilder.CreateIndex(
                name: "IX_Activities_StartUtc",
                table: "Activities",
                column: "StartUtc");
        }
    }
}
