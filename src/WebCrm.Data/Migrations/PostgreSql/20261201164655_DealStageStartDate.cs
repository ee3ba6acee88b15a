using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WebCrm.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class DealStageStartDate : Migration
    {
        /// <summary>
        /// Hand-written data step: copies each deal's start date onto its stages (what Deal.Recalculate keeps from now
        /// on). Plain SQL that both providers run; FunnelTests (the stage entry test) runs it too and compares.
        /// </summary>
        public const string Backfill = """
            UPDATE "DealStages" SET "DealStartDate" = (SELECT d."StartDate" FROM "Deals" AS d WHERE d."Id" = "DealStages"."DealId")
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "DealStartDate",
                table: "DealStages",
                type: "date",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));
            migrationBuilder.Sql(Backfill);

            migrationBuilder.CreateIndex(
                name: "IX_DealStages_Funnel",
                table: "DealStages",
                columns: new[] { "DealStartDate", "DealId", "StageId", "CompletedOn", "EnteredOn" });

            migrationBuilder.CreateIndex(
                name: "IX_Deals_Funnel",
                table: "Deals",
                columns: new[] { "StartDate", "Id", "Status", "CurrencyId", "CurrentStageId", "LostAtStageId", "LossReasonId", "LinesTotal", "ResponsibleId", "CompanyId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_DealStages_Funnel",
                table: "DealStages");

            migrationBuilder.DropIndex(
                name: "IX_Deals_Funnel",
                table: "Deals");

            migrationBuilder.DropColumn(
                name: "DealStartDate",
                table: "DealStages");
        }
    }
}
