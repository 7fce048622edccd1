using System.Buffers.Binary;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LetsChat.Components.Notifications;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace LetsChat.Tests.Support;

/// <summary>
/// A Web Push service on a loopback port that speaks the real protocol: it checks each request's VAPID signature (RFC
/// 8292) and decrypts its payload (RFC 8291, aes128gcm) with the private key of the subscription the test made, as a
/// browser would. It can be told to answer 404, 410 or 429 for a subscription.
/// </summary>
public sealed class FakePushService : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Device> _devices = new();

    private FakePushService(WebApplication app) => _app = app;

    public string BaseAddress { get; private set; } = string.Empty;

    public static async Task<FakePushService> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var service = new FakePushService(app);
        app.MapPost("/push/{name}", (string name, HttpRequest request) => service.ReceiveAsync(name, request));
        await app.StartAsync();
        service.BaseAddress = app.Urls.First();
        return service;
    }

    /// <summary>A new browser's subscription: a P-256 key pair and an authentication secret only this test knows.</summary>
    public PushSubscriptionInfo Subscribe(string name)
    {
        var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var auth = RandomNumberGenerator.GetBytes(16);
        var device = new Device(key, auth);
        _devices[name] = device;
        return new PushSubscriptionInfo($"{BaseAddress}/push/{name}", Base64Url.EncodeToString(device.PublicKey), Base64Url.EncodeToString(auth));
    }

    /// <summary>The payloads that reached a device, decrypted, as JSON.</summary>
    public IReadOnlyList<JsonElement> Received(string name) => _devices.TryGetValue(name, out var d) ? [.. d.Payloads] : [];

    /// <summary>Every push request that came, with what was wrong with it (null when it was right).</summary>
    public ConcurrentQueue<(string Device, string? Problem, string? VapidKey)> Requests { get; } = new();

    public void AnswerWith(string name, HttpStatusCode status) => _devices[name].Answer = status;

    private async Task<IResult> ReceiveAsync(string name, HttpRequest request)
    {
        if (!_devices.TryGetValue(name, out var device))
        {
            return Results.NotFound();
        }

        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        var (problem, vapidKey) = Check(request);
        string? payload = null;
        if (problem is null)
        {
            try
            {
                payload = Decrypt(body.ToArray(), device);
            }
            catch (Exception ex) when (ex is CryptographicException or ArgumentException or IndexOutOfRangeException)
            {
                problem = "payload does not decrypt: " + ex.Message;
            }
        }

        Requests.Enqueue((name, problem, vapidKey));
        if (problem is not null)
        {
            return Results.BadRequest(problem);
        }

        if (device.Answer is { } answer)
        {
            return Results.StatusCode((int)answer);
        }

        device.Payloads.Enqueue(JsonDocument.Parse(payload!).RootElement.Clone());
        return Results.Created();
    }

    // "Authorization: vapid t=<JWT>, k=<key>": an ES256 JWT for this origin, not expired, with a contact, signed by k.
    private (string? Problem, string? Key) Check(HttpRequest request)
    {
        if (request.Headers.ContentEncoding.ToString() != "aes128gcm" || !request.Headers.ContainsKey("TTL"))
        {
            return ("not aes128gcm with a TTL", null);
        }

        var authorization = request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("vapid ", StringComparison.Ordinal))
        {
            return ("no vapid authorization", null);
        }

        var parts = authorization["vapid ".Length..].Split(',').Select(p => p.Trim().Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var (token, key) = (parts["t"], parts["k"]);
        var segments = token.Split('.');
        var point = Base64Url.DecodeFromChars(key);
        using var verifier = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = point[1..33], Y = point[33..] } });
        if (!verifier.VerifyData(Encoding.ASCII.GetBytes($"{segments[0]}.{segments[1]}"), Base64Url.DecodeFromChars(segments[2]), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
        {
            return ("vapid signature does not verify", key);
        }

        using var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(segments[1]));
        var expires = DateTimeOffset.FromUnixTimeSeconds(claims.RootElement.GetProperty("exp").GetInt64());
        var audience = claims.RootElement.GetProperty("aud").GetString();
        // The audience is the push service's origin; the library writes it without the port (real push services use 443).
        var origin = new Uri(BaseAddress);
        return audience != BaseAddress && audience != $"{origin.Scheme}://{origin.Host}" ? ($"audience {audience}", key)
            : expires < DateTimeOffset.UtcNow || expires > DateTimeOffset.UtcNow.AddHours(24) ? ($"expiry {expires}", key)
            : !claims.RootElement.TryGetProperty("sub", out _) ? ("no subject", key)
            : (null, key);
    }

    // RFC 8291 over RFC 8188: salt | record size | key id (the sender's public key), then one record.
    private static string Decrypt(byte[] body, Device device)
    {
        var salt = body[..16];
        var recordSize = BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(16, 4));
        var keyIdLength = body[20];
        var senderPublic = body[21..(21 + keyIdLength)];
        var record = body[(21 + keyIdLength)..];
        if (record.Length > recordSize)
        {
            throw new ArgumentException("more than one record");
        }

        using var sender = ECDiffieHellman.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = senderPublic[1..33], Y = senderPublic[33..] } });
        var shared = device.Key.DeriveRawSecretAgreement(sender.PublicKey);
        byte[] keyInfo = [.. "WebPush: info\0"u8, .. device.PublicKey, .. senderPublic];
        var ikm = HKDF.DeriveKey(HashAlgorithmName.SHA256, shared, 32, device.Auth, keyInfo);
        var contentKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, 16, salt, "Content-Encoding: aes128gcm\0"u8.ToArray());
        var nonce = HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, 12, salt, "Content-Encoding: nonce\0"u8.ToArray());
        var plain = new byte[record.Length - 16];
        using var aes = new AesGcm(contentKey, 16);
        aes.Decrypt(nonce, record[..^16], record[^16..], plain);
        var end = Array.LastIndexOf(plain, (byte)2); // the last record's delimiter, then zero padding
        return Encoding.UTF8.GetString(plain, 0, end);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var device in _devices.Values)
        {
            device.Key.Dispose();
        }

        await _app.DisposeAsync();
    }

    private sealed class Device(ECDiffieHellman key, byte[] auth)
    {
        public ECDiffieHellman Key { get; } = key;

        public byte[] Auth { get; } = auth;

        public byte[] PublicKey { get; } = Uncompressed(key);

        public ConcurrentQueue<JsonElement> Payloads { get; } = new();

        public HttpStatusCode? Answer { get; set; }

        private static byte[] Uncompressed(ECDiffieHellman key)
        {
            var q = key.ExportParameters(false).Q;
            return [0x04, .. q.X!, .. q.Y!];
        }
    }
}
