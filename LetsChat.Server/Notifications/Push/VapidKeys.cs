using System.Buffers.Text;
using System.Security.Cryptography;
using LetsChat.Server.Data;
using LetsChat.Server.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LetsChat.Server.Notifications.Push;

/// <summary>A VAPID key pair (RFC 8292), base64url: the public key uncompressed, the private key its 32-byte scalar.</summary>
public sealed record VapidKeyPair(string PublicKey, string PrivateKey, string Subject);

/// <summary>
/// The server's VAPID keys: from configuration when given, else made once (at first start, by the dispatcher) and kept in the database, so
/// every instance signs with the same pair and subscriptions survive restarts. Two instances starting together both try
/// to insert; the loser reads the winner's pair.
/// </summary>
public sealed class VapidKeys(IDbContextFactory<LetsChatDb> dbFactory, IOptions<PushOptions> options, IOptionsMonitor<LetsChatOptions> site, TimeProvider time)
    : IDisposable
{
    private const string PublicName = "vapid-public-key";
    private const string PrivateName = "vapid-private-key";
    private readonly SemaphoreSlim _once = new(1, 1);
    private VapidKeyPair? _keys;

    public async Task<VapidKeyPair> GetAsync(CancellationToken cancellationToken = default)
    {
        if (_keys is { } known)
        {
            return known;
        }

        await _once.WaitAsync(cancellationToken);
        try
        {
            return _keys ??= await LoadAsync(cancellationToken);
        }
        finally
        {
            _once.Release();
        }
    }

    public void Dispose() => _once.Dispose();

    private async Task<VapidKeyPair> LoadAsync(CancellationToken cancellationToken)
    {
        var push = options.Value;
        var subject = push.Subject is { Length: > 0 } given ? given : site.CurrentValue.PublicUrl is { Length: > 0 } url ? url : "mailto:admin@localhost";
        if (push.PublicKey is { Length: > 0 } configuredPublic && push.PrivateKey is { Length: > 0 } configuredPrivate)
        {
            return new VapidKeyPair(configuredPublic, configuredPrivate, subject);
        }

        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var stored = await db.ServerSettings.Where(s => s.Name == PublicName || s.Name == PrivateName).ToDictionaryAsync(s => s.Name, s => s.Value, cancellationToken);
            if (stored.TryGetValue(PublicName, out var publicKey) && stored.TryGetValue(PrivateName, out var privateKey))
            {
                return new VapidKeyPair(publicKey, privateKey, subject);
            }

            var (newPublic, newPrivate) = Generate();
            var now = time.GetUtcNow();
            db.ServerSettings.AddRange(
                new ServerSetting { Name = PublicName, Value = newPublic, CreatedAt = now },
                new ServerSetting { Name = PrivateName, Value = newPrivate, CreatedAt = now });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return new VapidKeyPair(newPublic, newPrivate, subject);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Another instance stored its pair first: read that one.
            }
        }
    }

    private static (string Public, string Private) Generate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var parameters = key.ExportParameters(includePrivateParameters: true);
        byte[] uncompressed = [0x04, .. parameters.Q.X!, .. parameters.Q.Y!];
        return (Base64Url.EncodeToString(uncompressed), Base64Url.EncodeToString(parameters.D!));
    }
}
