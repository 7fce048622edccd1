namespace LetsChat.Server.Data;

/// <summary>What the database side logs, as source-generated messages.</summary>
internal static partial class DataLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Applying {Count} migration(s): {Migrations}")]
    public static partial void ApplyingMigrations(this ILogger logger, int count, string migrations);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Action} failed: the database did not answer")]
    public static partial void Outage(this ILogger logger, Exception exception, string action);
}
