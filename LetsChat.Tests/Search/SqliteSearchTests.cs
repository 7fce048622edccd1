using LetsChat.Tests.Support;

namespace LetsChat.Tests.Search;

/// <summary>The search contract on SQLite: FTS5 over the messages, kept in step by triggers.</summary>
public sealed class SqliteSearchTests : SearchContract
{
    protected override Task<LetsChatApp> StartAppAsync() => Task.FromResult(CreateApp());
}
