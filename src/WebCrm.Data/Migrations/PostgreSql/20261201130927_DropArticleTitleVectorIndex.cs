using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WebCrm.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class DropArticleTitleVectorIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Hand-written: the index is not in the EF model (KnowledgeSearchSql).
            migrationBuilder.Sql(KnowledgeSearchSql.DropTitleIndex);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(KnowledgeSearchSql.RestoreTitleIndex);
        }
    }
}
