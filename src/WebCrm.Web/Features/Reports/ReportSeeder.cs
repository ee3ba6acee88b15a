using Microsoft.EntityFrameworkCore;
using WebCrm.Data;
using WebCrm.Domain.Reports;

namespace WebCrm.Web.Features.Reports;

/// <summary>
/// The shared reports every installation starts with (no owner: nobody changes them, everyone may open and copy them).
/// Each is added once, by its code; their names are shown in the UI language ("Report." + code).
/// </summary>
public sealed class ReportSeeder(CrmDbContext db)
{
    public static readonly IReadOnlyList<(string Code, string Name, ReportDefinition Definition)> Defaults =
    [
        ("sales-by-manager-month", "Sales by manager by month", new ReportDefinition
            { Measure = Measure.Sales, Rows = Dimension.Salesperson, Step = PeriodStep.Month, Quick = QuickPeriod.ThisYear, Chart = ChartKind.Bar }),
        ("sales-by-product-quarter", "Sales by product by quarter", new ReportDefinition
            { Measure = Measure.Sales, Rows = Dimension.Product, Step = PeriodStep.Quarter, Quick = QuickPeriod.ThisYear, Chart = ChartKind.StackedBar }),
        ("losses-by-reason-stage", "Losses by reason and stage", new ReportDefinition
            { Measure = Measure.DealsLost, Rows = Dimension.LossReason, Columns = Dimension.LossStage, Quick = QuickPeriod.ThisYear, Chart = ChartKind.Bar }),
        ("debtors", "Debtors", new ReportDefinition
            { Measure = Measure.Receivable, Rows = Dimension.Client, Quick = QuickPeriod.YearToDate, Chart = ChartKind.Pie }),
    ];

    public async Task SeedAsync(CancellationToken ct = default)
    {
        var existing = await db.SavedReports.Where(r => r.Code != null).Select(r => r.Code!).ToListAsync(ct);
        foreach (var (code, name, definition) in Defaults.Where(d => !existing.Contains(d.Code)))
        {
            db.SavedReports.Add(new SavedReport { Code = code, Name = name, IsShared = true, Definition = ReportJson.Write(definition) });
        }
        await db.SaveChangesAsync(ct);
    }
}
