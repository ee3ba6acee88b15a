using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WebCrm.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CompanyCityIndexWithName : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
