namespace WebCrm.Data.Migrations;

/// <summary>
/// Hand-written SQL of the KnowledgeBase migration (PostgreSQL only): EF Core cannot model a generated tsvector
/// column over two text search configurations. Title weighs A, body B, each in Russian and English stems, so
/// "договоры" finds "договор" and an English word finds its forms; a GIN index serves <c>@@</c>.
/// </summary>
public static class KnowledgeSearchSql
{
    public const string Up = """
        ALTER TABLE "Articles" ADD COLUMN "SearchVector" tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('russian', coalesce("Title", '')), 'A') ||
            setweight(to_tsvector('english', coalesce("Title", '')), 'A') ||
            setweight(to_tsvector('russian', coalesce("Body", '')), 'B') ||
            setweight(to_tsvector('english', coalesce("Body", '')), 'B')) STORED;
        CREATE INDEX "IX_Articles_SearchVector" ON "Articles" USING GIN ("SearchVector");
        """;

    public const string Down = """
        DROP INDEX IF EXISTS "IX_Articles_SearchVector";
        ALTER TABLE "Articles" DROP COLUMN IF EXISTS "SearchVector";
        """;

    /// <summary>
    /// Migration KnowledgeAttachmentsAndLinks: the title's own stems in a small generated column with a GIN index, so
    /// the search finds title matches through an index and tells a title match without reading the (large, TOASTed)
    /// whole-article vector of every match.
    /// </summary>
    public const string TitleUp = """
        ALTER TABLE "Articles" ADD COLUMN "TitleVector" tsvector GENERATED ALWAYS AS (
            to_tsvector('russian', coalesce("Title", '')) || to_tsvector('english', coalesce("Title", ''))) STORED;
        CREATE INDEX "IX_Articles_TitleVector" ON "Articles" USING GIN ("TitleVector");
        """;

    public const string TitleDown = """
        DROP INDEX IF EXISTS "IX_Articles_TitleVector";
        ALTER TABLE "Articles" DROP COLUMN IF EXISTS "TitleVector";
        """;

    /// <summary>
    /// Migration StoredFilesFolderAndNoTitleIndex: the search reads the title vector only for the matches the whole-article
    /// index found (in the select list, never in a WHERE), so the title's GIN index served no query — EXPLAIN of the
    /// search shows only <c>IX_Articles_SearchVector</c> and the primary key, even with sequential scans switched off —
    /// and only cost every article write. The column stays.
    /// </summary>
    public const string DropTitleIndex = """
        DROP INDEX IF EXISTS "IX_Articles_TitleVector";
        """;

    public const string RestoreTitleIndex = """
        CREATE INDEX IF NOT EXISTS "IX_Articles_TitleVector" ON "Articles" USING GIN ("TitleVector");
        """;
}
