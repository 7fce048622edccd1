using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace LetsChat.Server.Data;

// Used only by `dotnet ef migrations add`, so that each provider's migrations can be made without a running host.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteLetsChatDb>
{
    public SqliteLetsChatDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteLetsChatDb>().UseSqlite("Data Source=design-time.db").Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresLetsChatDb>
{
    public PostgresLetsChatDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresLetsChatDb>().UseNpgsql("Host=localhost;Database=letschat_design").Options);
}
