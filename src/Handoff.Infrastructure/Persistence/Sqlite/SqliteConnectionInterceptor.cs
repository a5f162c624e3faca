using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

namespace Handoff.Infrastructure.Persistence.Sqlite;

/// <summary>
/// Per-connection Sqlite settings: synchronous=NORMAL is safe with WAL and much faster; a busy timeout makes concurrent
/// writers wait for each other instead of failing. They belong to the native connection, which Microsoft.Data.Sqlite
/// pools and hands out again on every open (EF Core opens and closes around each query, about ten times per relayed
/// message): they are set once per native connection, not on every open (issue 11).
/// </summary>
internal sealed class SqliteConnectionInterceptor : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;";

    // Native connections already set up; weak, so a handle the pool dropped is forgotten with it.
    private static readonly ConditionalWeakTable<sqlite3, object> s_prepared = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (IsNew(connection))
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (IsNew(connection))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static bool IsNew(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || s_prepared.TryAdd(handle, s_marker);

    private static readonly object s_marker = new();
}
