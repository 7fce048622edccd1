namespace LetsChat.Server.Identity;

/// <summary>What sign-in, accounts and sessions log, as source-generated messages.</summary>
internal static partial class IdentityLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "External sign-in with {Scheme} failed")]
    public static partial void ExternalSignInFailed(this ILogger logger, Exception? exception, string scheme);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sign-in of {Provider} user raced another; retrying")]
    public static partial void SignInRaced(this ILogger logger, string provider);

    [LoggerMessage(Level = LogLevel.Information, Message = "New user @{Handle} signed up with {Provider}")]
    public static partial void SignedUp(this ILogger logger, string handle, string provider);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} linked a {Provider} sign-in")]
    public static partial void Linked(this ILogger logger, long userId, string provider);

    [LoggerMessage(Level = LogLevel.Information, Message = "New user @{Handle} signed up with a {Method}")]
    public static partial void SignedUpLocally(this ILogger logger, string handle, string method);

    [LoggerMessage(Level = LogLevel.Information, Message = "Closed {Count} circuits whose session ended or whose user was banned while Redis was away")]
    public static partial void ReconciledCircuits(this ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checking live circuits after Redis came back failed")]
    public static partial void ReconcileCircuitsFailed(this ILogger logger, Exception exception);
}
