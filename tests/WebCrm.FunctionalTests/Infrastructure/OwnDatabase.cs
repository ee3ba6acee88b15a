using Microsoft.EntityFrameworkCore;
using Npgsql;
using WebCrm.Data;
using WebCrm.Data.Auditing;

namespace WebCrm.FunctionalTests.Infrastructure;

/// <summary>
/// A database of one test's own, outside the shared apps: for tests that migrate step by step (down past a migration and
/// up again) and so must not touch a database other tests use. <see cref="DropAsync"/> removes it.
/// </summary>
public abstract class OwnDatabase
{
    public abstract CrmDbContext NewContext();

    public abstract Task DropAsync();
}

public sealed class SqliteOwnDatabase(string prefix) : OwnDatabase
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"webcrm-{prefix}-{Guid.NewGuid():N}.db");

    public override CrmDbContext NewContext()
    {
        var options = new DbContextOptionsBuilder<SqliteCrmDbContext>();
        DbContextOptionsSetup.UseSqlite(options, $"Data Source={_file}");
        return new SqliteCrmDbContext(options.Options, SystemUser.Instance, TimeProvider.System);
    }

    public override Task DropAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_file + suffix);
        }
        return Task.CompletedTask;
    }
}

/// <summary>A database of its own on the test run's PostgreSQL server (the shared app's server variable names it).</summary>
public sealed class PostgreSqlOwnDatabase(string prefix) : OwnDatabase
{
    private readonly string _connection = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable(PostgreSqlApp.ServerVariable) ?? "")
    {
        Database = $"{prefix}_{Guid.NewGuid():N}",
    }.ConnectionString;

    public override CrmDbContext NewContext()
    {
        var options = new DbContextOptionsBuilder<PostgreSqlCrmDbContext>();
        DbContextOptionsSetup.UsePostgreSql(options, _connection);
        return new PostgreSqlCrmDbContext(options.Options, SystemUser.Instance, TimeProvider.System);
    }

    public override async Task DropAsync()
    {
        using (var own = new NpgsqlConnection(_connection))
        {
            NpgsqlConnection.ClearPool(own);
        }
        var builder = new NpgsqlConnectionStringBuilder(_connection);
        var database = builder.Database;
        builder.Database = "postgres";
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
