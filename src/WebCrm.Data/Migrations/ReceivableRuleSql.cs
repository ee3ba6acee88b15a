namespace WebCrm.Data.Migrations;

/// <summary>
/// The SQL of the ReceivableRule migration, shared by both providers' migrations: flags the seeded shipment document
/// types by code, then recomputes every deal's stored shipped total, debt and advance by the receivable rule
/// (<c>DealMath.Totals</c>): shipped = the sum of its shipment documents, or the lines total for a won deal without
/// any, else 0; debt = shipped − paid and advance = paid − shipped, each never below zero.
/// </summary>
/// <remarks>
/// SQLite stores decimals as text, which compares as text: every comparison and sum there casts to REAL and rounds
/// the result to the four decimals of the money columns (amounts are already rounded to their minor unit, so the
/// sums are exact at that precision). PostgreSQL computes in numeric.
/// </remarks>
public static class ReceivableRuleSql
{
    private const int AccountingDocumentType = 11;
    private const int Won = 1;

    public static string[] Up(bool sqlite) => sqlite
        ?
        [
            $"""UPDATE "ReferenceItems" SET "CountsAsShipment" = 1 WHERE "Kind" = {AccountingDocumentType} AND "Code" IN ('waybill', 'act', 'upd');""",
            $"""
            UPDATE "Deals" SET "ShippedTotal" = COALESCE(
                (SELECT ROUND(SUM(CAST(a."Amount" AS REAL)), 4) FROM "AccountingDocuments" AS a
                 INNER JOIN "ReferenceItems" AS r ON r."Id" = a."TypeId"
                 WHERE a."DealId" = "Deals"."Id" AND r."CountsAsShipment" = 1),
                CASE WHEN "Status" = {Won} THEN "LinesTotal" ELSE '0.0' END);
            """,
            """
            UPDATE "Deals" SET
                "Debt" = CASE WHEN CAST("ShippedTotal" AS REAL) > CAST("PaidTotal" AS REAL)
                    THEN ROUND(CAST("ShippedTotal" AS REAL) - CAST("PaidTotal" AS REAL), 4) ELSE '0.0' END,
                "Advance" = CASE WHEN CAST("PaidTotal" AS REAL) > CAST("ShippedTotal" AS REAL)
                    THEN ROUND(CAST("PaidTotal" AS REAL) - CAST("ShippedTotal" AS REAL), 4) ELSE '0.0' END;
            """,
        ]
        :
        [
            $"""UPDATE "ReferenceItems" SET "CountsAsShipment" = TRUE WHERE "Kind" = {AccountingDocumentType} AND "Code" IN ('waybill', 'act', 'upd');""",
            $"""
            UPDATE "Deals" AS d SET "ShippedTotal" = COALESCE(
                (SELECT SUM(a."Amount") FROM "AccountingDocuments" AS a
                 INNER JOIN "ReferenceItems" AS r ON r."Id" = a."TypeId"
                 WHERE a."DealId" = d."Id" AND r."CountsAsShipment"),
                CASE WHEN d."Status" = {Won} THEN d."LinesTotal" ELSE 0 END);
            """,
            """UPDATE "Deals" SET "Debt" = GREATEST("ShippedTotal" - "PaidTotal", 0), "Advance" = GREATEST("PaidTotal" - "ShippedTotal", 0);""",
        ];

    /// <summary>Back to the old rule: debt = lines − paid, whatever the state.</summary>
    public static string Down(bool sqlite) => sqlite
        ? """UPDATE "Deals" SET "Debt" = ROUND(CAST("LinesTotal" AS REAL) - CAST("PaidTotal" AS REAL), 4);"""
        : """UPDATE "Deals" SET "Debt" = "LinesTotal" - "PaidTotal";""";
}
