using System.Data.Common;
using System.Linq.Expressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;
using NpgsqlTypes;

namespace WebCrm.DataGenerator;

/// <summary>
/// Writes rows of one entity type straight into its EF-created table, bypassing the change tracker. Table and
/// column names, value converters (UTC timestamps, enums) and parameter types all come from the EF model, so
/// the rows are stored exactly as the app's own saves would store them.
/// </summary>
public abstract class TableWriter<T> : IAsyncDisposable where T : class
{
    protected sealed record Column(string Name, Func<T, object?> Get, ValueConverter? Converter, RelationalTypeMapping Mapping);

    protected TableWriter(DbContext db, bool databaseGeneratesKey)
    {
        var entityType = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        Table = entityType.GetTableName()!;
        var key = entityType.FindPrimaryKey()!.Properties;
        Columns = entityType.GetProperties()
            .Where(p => !(databaseGeneratesKey && key.Contains(p)))
            .Select(p => new Column(
                p.GetColumnName(),
                Getter(p),
                p.GetTypeMapping().Converter,
                (RelationalTypeMapping)p.GetTypeMapping()))
            .ToList();
    }

    protected string Table { get; }
    protected IReadOnlyList<Column> Columns { get; }
    public long Rows { get; private set; }

    protected static string Quote(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";

    protected static object? ProviderValue(Column column, T row)
    {
        var value = column.Get(row);
        return value is null || column.Converter is null ? value : column.Converter.ConvertToProvider(value);
    }

    /// <summary>Synchronous on purpose: per-value async calls cost more than the rare blocking flush saves.</summary>
    public void Write(T row)
    {
        WriteRow(row);
        Rows++;
    }

    protected abstract void WriteRow(T row);

    /// <summary>Ends the bulk write; the rows stay part of the surrounding transaction.</summary>
    public abstract Task CompleteAsync(CancellationToken ct = default);

    public abstract ValueTask DisposeAsync();

    private static Func<T, object?> Getter(IProperty property)
    {
        var info = property.PropertyInfo ?? throw new InvalidOperationException($"{typeof(T).Name}.{property.Name} has no CLR property.");
        var parameter = Expression.Parameter(typeof(T));
        return Expression.Lambda<Func<T, object?>>(Expression.Convert(Expression.Property(parameter, info), typeof(object)), parameter).Compile();
    }
}

/// <summary>PostgreSQL: one binary COPY per table.</summary>
public sealed class PostgreSqlCopyWriter<T> : TableWriter<T> where T : class
{
    private readonly NpgsqlBinaryImporter _importer;

    private PostgreSqlCopyWriter(DbContext db, NpgsqlConnection connection, bool databaseGeneratesKey) : base(db, databaseGeneratesKey)
    {
        var columns = string.Join(", ", Columns.Select(c => Quote(c.Name)));
        _importer = connection.BeginBinaryImport($"COPY {Quote(Table)} ({columns}) FROM STDIN (FORMAT BINARY)");
        // Completing a COPY of a million rows waits for the server to maintain every index (eight trigram indexes on
        // some tables); the connection's 30-second command timeout is far too short for that on a small machine.
        _importer.Timeout = TimeSpan.FromMinutes(10);
    }

    public static PostgreSqlCopyWriter<T> Open(DbContext db, bool databaseGeneratesKey = false) =>
        new(db, (NpgsqlConnection)db.Database.GetDbConnection(), databaseGeneratesKey);

    protected override void WriteRow(T row)
    {
        _importer.StartRow();
        foreach (var column in Columns)
        {
            switch (ProviderValue(column, row))
            {
                case null: _importer.WriteNull(); break;
                case string s: _importer.Write(s, NpgsqlDbType.Text); break;
                case int i: _importer.Write(i, NpgsqlDbType.Integer); break;
                case long l: _importer.Write(l, NpgsqlDbType.Bigint); break;
                case bool b: _importer.Write(b, NpgsqlDbType.Boolean); break;
                case Guid g: _importer.Write(g, NpgsqlDbType.Uuid); break;
                case DateTime d: _importer.Write(d, NpgsqlDbType.TimestampTz); break;
                case DateOnly d: _importer.Write(d, NpgsqlDbType.Date); break;
                case decimal m: _importer.Write(m, NpgsqlDbType.Numeric); break;
                case byte[] bytes: _importer.Write(bytes, NpgsqlDbType.Bytea); break;
                case var other: throw new NotSupportedException($"{Table}.{column.Name}: no COPY mapping for {other.GetType().Name}.");
            }
        }
    }

    public override async Task CompleteAsync(CancellationToken ct = default) => await _importer.CompleteAsync(ct);

    // Disposing without Complete cancels the COPY; the surrounding transaction then rolls back.
    public override ValueTask DisposeAsync() => _importer.DisposeAsync();
}

/// <summary>SQLite: one prepared, parameterised INSERT executed per row inside the caller's transaction.</summary>
public sealed class SqliteInsertWriter<T> : TableWriter<T> where T : class
{
    private readonly DbCommand _command;
    private readonly DbParameter[] _parameters;

    private SqliteInsertWriter(DbContext db, bool databaseGeneratesKey) : base(db, databaseGeneratesKey)
    {
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        _command = connection.CreateCommand();
        _command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Bulk inserts run inside a transaction.");
        var names = Columns.Select((_, i) => "$p" + i).ToList();
        _command.CommandText = $"INSERT INTO {Quote(Table)} ({string.Join(", ", Columns.Select(c => Quote(c.Name)))}) " +
            $"VALUES ({string.Join(", ", names)})";
        // The type mapping configures each parameter as EF would (e.g. GUIDs as text).
        _parameters = Columns.Select((c, i) => c.Mapping.CreateParameter(_command, names[i], null, nullable: true)).ToArray();
        _command.Parameters.AddRange(_parameters);
        _command.Prepare();
    }

    public static SqliteInsertWriter<T> Open(DbContext db, bool databaseGeneratesKey = false) => new(db, databaseGeneratesKey);

    protected override void WriteRow(T row)
    {
        for (var i = 0; i < _parameters.Length; i++)
        {
            _parameters[i].Value = ProviderValue(Columns[i], row) ?? DBNull.Value;
        }
        _command.ExecuteNonQuery();
    }

    public override Task CompleteAsync(CancellationToken ct = default) => Task.CompletedTask;

    public override ValueTask DisposeAsync() => _command.DisposeAsync();
}
