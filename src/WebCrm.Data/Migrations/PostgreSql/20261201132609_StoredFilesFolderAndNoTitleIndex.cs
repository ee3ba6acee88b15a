using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WebCrm.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class StoredFilesFolderAndNoTitleIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "InFolder",
                table: "StoredFiles",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            // Hand-written: the index is not in the EF model (KnowledgeSearchSql).
            migrationBuilder.Sql(KnowledgeSearchSql.DropTitleIndex);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(KnowledgeSearchSql.RestoreTitleIndex);

            migrationBuilder.DropColumn(
                name: "InFolder",
                table: "StoredFiles");
        }
    }
}
