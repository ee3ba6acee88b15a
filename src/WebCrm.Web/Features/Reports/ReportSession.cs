using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using WebCrm.Data;
using WebCrm.Web.Features.Shared;

namespace WebCrm.Web.Features.Reports;

/// <summary>
/// The queries of one report on PostgreSQL in one repeatable-read transaction: the table's cells and totals read the
/// same snapshot, and the transaction gets what a report's grouping needs — sort and hash memory enough to group a few hundred
/// thousand rows without spilling to disk (<c>work_mem</c>), and no JIT compilation, which costs more than the
/// sub-second queries it would speed up. Both settings end with the transaction (<c>SET LOCAL</c>). Inside a
/// transaction already open, and on SQLite (where a transaction would hold the database's write lock), it adds nothing.
/// </summary>
[ModuleEntryPoint]
public sealed class ReportSession : IAsyncDisposable
{
    public const string WorkMemory = "64MB";
    private const string Settings = "SET LOCAL work_mem = '" + WorkMemory + "'; SET LOCAL jit = off";

    private readonly IDbContextTransaction? _transaction;

    private ReportSession(IDbContextTransaction? transaction) => _transaction = transaction;

    public static async Task<ReportSession> BeginAsync(CrmDbContext db, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is not null || !db.Database.IsNpgsql())
        {
            return new ReportSession(null);
        }
        var transaction = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        await db.Database.ExecuteSqlRawAsync(Settings, ct);
        return new ReportSession(transaction);
    }

    public async ValueTask DisposeAsync()
    {
        if (_transaction is not null)
        {
            await _transaction.DisposeAsync();
        }
    }
}
