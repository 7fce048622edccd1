using LetsChat.Server;

var builder = WebApplication.CreateBuilder(args);
builder.AddLetsChat();

var app = builder.Build();
if (await app.RunCommandAsync(args))
{
    return;
}

app.MapLetsChat();
await app.RunAsync();

/// <summary>Lets the tests host the real app.</summary>
public partial class Program;
