using LetsChat.Tests.Support;

// One PostgreSQL server for the whole run; each test class that needs it creates its own database on it.
[assembly: AssemblyFixture(typeof(PostgresServer))]

// One Chromium for the whole run; each test opens its own contexts.
[assembly: AssemblyFixture(typeof(BrowserFixture))]
