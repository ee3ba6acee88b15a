using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WebCrm.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TwoFactorPerTemplate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "TwoFactorTemplates",
                table: "SecurityPolicies",
                type: "TEXT",
                maxLength: 400,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "RightsTemplate",
                table: "AspNetUsers",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            // Hand-written (TwoFactorPerTemplateSql): the old groups' setting and each user's template, before the old columns go.
            migrationBuilder.Sql(TwoFactorPerTemplateSql.Policy);
            migrationBuilder.Sql(TwoFactorPerTemplateSql.Users);

            migrationBuilder.DropColumn(
                name: "TwoFactorForAdministrators",
                table: "SecurityPolicies");

            migrationBuilder.DropColumn(
                name: "TwoFactorForDirectors",
                table: "SecurityPolicies");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "TwoFactorTemplates",
                table: "SecurityPolicies");

            migrationBuilder.DropColumn(
                name: "RightsTemplate",
                table: "AspNetUsers");

            migrationBuilder.AddColumn<bool>(
                name: "TwoFactorForAdministrators",
                table: "SecurityPolicies",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "TwoFactorForDirectors",
                table: "SecurityPolicies",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);
        }
    }
}
