using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Data;

public static class DataRegistration
{
    /// <summary>
    /// PostgreSQL when <c>ConnectionStrings:Postgres</c> is set; otherwise an embedded SQLite file
    /// (<c>ConnectionStrings:Sqlite</c>, by default App_Data/letschat.db under the content root).
    /// </summary>
    public static IHostApplicationBuilder AddLetsChatData(this IHostApplicationBuilder builder)
    {
        var postgres = builder.Configuration.GetConnectionString("Postgres");
        if (!string.IsNullOrWhiteSpace(postgres))
        {
            builder.Services.AddPooledDbContextFactory<PostgresLetsChatDb>(options => options.UseNpgsql(postgres));
            builder.Services.AddSingleton<IDbContextFactory<LetsChatDb>, UpcastFactory<PostgresLetsChatDb>>();
        }
        else
        {
            var sqlite = SqliteConnectionString(builder.Configuration.GetConnectionString("Sqlite"), builder.Environment.ContentRootPath);
            builder.Services.AddPooledDbContextFactory<SqliteLetsChatDb>(options => options.UseSqlite(sqlite));
            builder.Services.AddSingleton<IDbContextFactory<LetsChatDb>, UpcastFactory<SqliteLetsChatDb>>();
        }

        builder.Services.AddSingleton<SqliteWriteGate>();
        builder.Services.AddHostedService<DatabaseMigrator>();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        return builder;
    }

    internal static string SqliteConnectionString(string? configured, string contentRoot)
    {
        var connection = new SqliteConnectionStringBuilder(
            string.IsNullOrWhiteSpace(configured) ? "Data Source=App_Data/letschat.db" : configured);
        if (connection.DataSource != ":memory:" && connection.Mode != SqliteOpenMode.Memory && !Path.IsPathRooted(connection.DataSource))
        {
            connection.DataSource = Path.Combine(contentRoot, connection.DataSource);
        }

        if (connection.Mode != SqliteOpenMode.Memory && Path.GetDirectoryName(connection.DataSource) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }

        // Writers queue on SQLite's lock instead of failing at once.
        connection.DefaultTimeout = 30;
        return connection.ToString();
    }

    /// <summary>Hands out the provider's subclass wherever the product asks for <see cref="LetsChatDb"/>.</summary>
    private sealed class UpcastFactory<TDb>(IDbContextFactory<TDb> inner) : IDbContextFactory<LetsChatDb>
        where TDb : LetsChatDb
    {
        public LetsChatDb CreateDbContext() => inner.CreateDbContext();

        public async Task<LetsChatDb> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
            await inner.CreateDbContextAsync(cancellationToken);
    }
}
