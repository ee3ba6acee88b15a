using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WebCrm.Data.Migrations.Sqlite
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
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<decimal>(
                name: "Rate",
                table: "Payments",
                type: "TEXT",
                precision: 28,
                scale: 10,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "RateDate",
                table: "Payments",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "Advance",
                table: "Deals",
                type: "TEXT",
                precision: 18,
                scale: 4,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<decimal>(
                name: "ShippedTotal",
                table: "Deals",
                type: "TEXT",
                precision: 18,
                scale: 4,
                nullable: false,
                defaultValue: 0m);

            foreach (var sql in ReceivableRuleSql.Up(sqlite: true))
            {
                migrationBuilder.Sql(sql);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(ReceivableRuleSql.Down(sqlite: true));

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
