using LetsChat.Components.Chat.Search;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Search;

public static class SearchRegistration
{
    /// <summary>Message search on the configured database: PostgreSQL's full-text search, or SQLite's FTS5.</summary>
    public static IHostApplicationBuilder AddLetsChatSearch(this IHostApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString("Postgres")))
        {
            builder.Services.AddSingleton<ISearchIndex, SqliteSearchIndex>();
        }
        else
        {
            builder.Services.AddSingleton<ISearchIndex, PostgresSearchIndex>();
        }

        builder.Services.AddScoped<IMessageSearch, MessageSearch>();
        return builder;
    }
}
