using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WebCrm.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DealStageEnteredOn : Migration
    {
        /// <summary>
        /// Hand-written data step: fills the new column on the stages already completed by the rule Deal.EnteredOn
        /// keeps from now on (the latest earlier completion of another stage of the deal, else the deal's start).
        /// Plain SQL that both providers run; FunnelTests (the stage entry test) runs it too and compares with the rule.
        /// </summary>
        public const string Backfill = """
            UPDATE "DealStages" SET "EnteredOn" = COALESCE(
                (SELECT MAX(o."CompletedOn") FROM "DealStages" AS o WHERE o."DealId" = "DealStages"."DealId" AND o."CompletedOn" < "DealStages"."CompletedOn"),
                (SELECT d."StartDate" FROM "Deals" AS d WHERE d."Id" = "DealStages"."DealId"))
            WHERE "CompletedOn" IS NOT NULL
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "EnteredOn",
                table: "DealStages",
                type: "TEXT",
                nullable: true);
            migrationBuilder.Sql(Backfill);

            migrationBuilder.CreateIndex(
                name: "IX_Deals_Open_Stage_StartDate_Id",
                table: "Deals",
                columns: new[] { "CurrentStageId", "StartDate", "Id", "ResponsibleId", "CompanyId" },
                filter: "\"Status\" = 0");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Deals_Open_Stage_StartDate_Id",
                table: "Deals");

            migrationBuilder.DropColumn(
                name: "EnteredOn",
                table: "DealStages");
        }
    }
}
