namespace WebCrm.Data.Migrations;

/// <summary>
/// Hand-written SQL of the TwoFactorPerTemplate migration (the same text on both providers), run after the new columns
/// are added and before the old ones go. Mandatory two-factor sign-in moves from two groups of rights to the rights
/// templates, keeping everyone obliged who was: "administrators" (Users.Manage) become the Administrator template,
/// "directors" (clients or deals "view all") the templates that hold a "view all": Director, Support and Administrator. Each
/// existing user is given the template his rights come from, judged by the rights that decided the old rule (the
/// template keys and right names are written out: a migration must not change meaning when the code does).
/// </summary>
public static class TwoFactorPerTemplateSql
{
    public const string Policy = """
        UPDATE "SecurityPolicies" SET "TwoFactorTemplates" =
            (CASE WHEN "TwoFactorForAdministrators" THEN 'Administrator;' ELSE '' END)
            || (CASE WHEN "TwoFactorForDirectors" THEN 'Administrator;Director;Support' ELSE '' END);
        """;

    private static string Has(string right) =>
        $"""EXISTS (SELECT 1 FROM "AspNetUserClaims" c WHERE c."UserId" = "AspNetUsers"."Id" AND c."ClaimType" = 'crm:perm' AND c."ClaimValue" = '{right}')""";

    public static readonly string Users = $"""
        UPDATE "AspNetUsers" SET "RightsTemplate" = CASE
            WHEN {Has("Users.Manage")} THEN 'Administrator'
            WHEN {Has("Deals.ViewAll")} THEN 'Director'
            WHEN {Has("Clients.ViewAll")} AND {Has("Deals.ViewOwn")} THEN 'Director'
            WHEN {Has("Clients.ViewAll")} THEN 'Support'
            WHEN {Has("Clients.ViewOwn")} OR {Has("Deals.ViewOwn")} THEN 'Manager'
            ELSE NULL END;
        """;
}
