using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WebCrm.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class ReceivableRule : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "CountsAsShipment",
                table: "ReferenceItems",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<decimal>(
                name: "Rate",
                table: "Payments",
                type: "numeric(28,10)",
                precision: 28,
                scale: 10,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "RateDate",
                table: "Payments",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "Advance",
                table: "Deals",
                type: "numeric(18,4)",
                precision: 18,
                scale: 4,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<decimal>(
                name: "ShippedTotal",
                table: "Deals",
                type: "numeric(18,4)",
                precision: 18,
                scale: 4,
                nullable: false,
                defaultValue: 0m);

            foreach (var sql in ReceivableRuleSql.Up(sqlite: false))
            {
                migrationBuilder.Sql(sql);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(ReceivableRuleSql.Down(sqlite: false));

            migrationBuilder.DropColumn(
                name: "CountsAsShipment",
                table: "ReferenceItems");

            migrationBuilder.DropColumn(
                name: "Rate",
                table: "Payments");

            migrationBuilder.DropColumn(
                name: "RateDate",
                table: "Payments");

            migrationBuilder.DropColumn(
                name: "Advance",
                table: "Deals");

            migrationBuilder.DropColumn(
                name: "ShippedTotal",
                table: "Deals");
        }
    }
}
