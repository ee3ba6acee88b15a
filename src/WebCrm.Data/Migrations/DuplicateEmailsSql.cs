namespace WebCrm.Data.Migrations;

/// <summary>
/// Hand-written SQL of the UniqueEmails migration (the same text on both providers): before the email index becomes
/// unique, every account whose email an older account already has loses that email, and each such change is reported
/// in the security log (kind DuplicateEmailCleared, the email and the account that keeps it), where an administrator
/// sees it on the user's rights page and can give the account another address.
/// </summary>
public static class DuplicateEmailsSql
{
    private const string Younger = """
        u."NormalizedEmail" IS NOT NULL AND EXISTS (SELECT 1 FROM "AspNetUsers" o
          WHERE o."NormalizedEmail" = u."NormalizedEmail"
            AND (o."CreatedAtUtc" < u."CreatedAtUtc" OR (o."CreatedAtUtc" = u."CreatedAtUtc" AND o."Id" < u."Id")))
        """;

    public const string Report = $"""
        INSERT INTO "SecurityEvents" ("AtUtc", "ActorName", "TargetUserId", "TargetUserName", "Kind", "Details")
        SELECT CURRENT_TIMESTAMP, 'system', u."Id", COALESCE(u."UserName", ''), 'DuplicateEmailCleared',
               'email=' || COALESCE(u."Email", '') || ' kept-by=' || COALESCE((SELECT k."UserName" FROM "AspNetUsers" k
                 WHERE k."NormalizedEmail" = u."NormalizedEmail" ORDER BY k."CreatedAtUtc", k."Id" LIMIT 1), '')
        FROM "AspNetUsers" u WHERE {Younger};
        """;

    public const string Clear = $"""
        UPDATE "AspNetUsers" SET "Email" = NULL, "NormalizedEmail" = NULL
        WHERE "Id" IN (SELECT u."Id" FROM "AspNetUsers" u WHERE {Younger});
        """;
}
