namespace LetsChat.Server.Data;

/// <summary>A value the server made once and keeps for every instance (the Web Push VAPID key pair).</summary>
public sealed class ServerSetting
{
    public required string Name { get; set; }
    public required string Value { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
