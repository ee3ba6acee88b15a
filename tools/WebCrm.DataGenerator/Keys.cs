using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using WebCrm.Data;

namespace WebCrm.DataGenerator;

/// <summary>Keys drawn before a bulk write, so parent and child rows can go in separate passes.</summary>
public static class Keys
{
    /// <summary>
    /// Takes <paramref name="count"/> fresh keys of a table so parent and child rows can be written in separate
    /// bulk passes. PostgreSQL draws them from the identity sequence (safe beside a running app); SQLite, whose
    /// writer holds the database lock for the whole transaction, continues after the highest key ever used.
    /// </summary>
    public static async Task<int[]> ReserveAsync(CrmDbContext db, string table, int count)
    {
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        if (db is PostgreSqlCrmDbContext)
        {
            command.CommandText = $"SELECT nextval(pg_get_serial_sequence('\"{table}\"', 'Id'))::int FROM generate_series(1, {count})";
            var keys = new int[count];
            await using var reader = await command.ExecuteReaderAsync();
            for (var i = 0; await reader.ReadAsync(); i++)
            {
                keys[i] = reader.GetInt32(0);
            }
            Array.Sort(keys);
            return keys;
        }
        command.CommandText = $"SELECT max(coalesce((SELECT max(\"Id\") FROM \"{table}\"), 0), " +
            $"coalesce((SELECT seq FROM sqlite_sequence WHERE name = '{table}'), 0))";
        var last = Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        return Enumerable.Range(last + 1, count).ToArray();
    }
}
