using LetsChat.Tests.Support;

namespace LetsChat.Tests.Search;

/// <summary>The search contract on PostgreSQL: the generated tsvector, its GIN index by room, and trigram names.</summary>
public sealed class PostgresSearchTests(PostgresServer postgres) : SearchContract
{
    protected override async Task<LetsChatApp> StartAppAsync() => CreateApp(await postgres.CreateDatabaseAsync());
}
