using LetsChat.Components.Rooms;
using LetsChat.Server.Chat;
using LetsChat.Server.Data;
using LetsChat.Server.Rooms;
using LetsChat.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LetsChat.Tests.Data;

/// <summary>The data rules, run on both databases the product supports.</summary>
public abstract class MessageStoreTests : IAsyncLifetime
{
    private LetsChatApp _app = default!;

    protected abstract Task<LetsChatApp> CreateAppAsync();

    public async ValueTask InitializeAsync() => _app = await CreateAppAsync();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task A_message_for_a_room_that_vanished_says_so_instead_of_failing_obscurely()
    {
        var author = await _app.CreateUserAsync("Ada");
        var store = _app.Services.GetRequiredService<MessageStore>();

        await Should.ThrowAsync<RoomGoneException>(() => store.AppendAsync(987_654, author.Id, Guid.NewGuid(), "hello?", DateTimeOffset.UtcNow, default));
    }

    [Fact]
    public async Task Only_a_duplicate_key_reads_as_a_duplicate_not_any_constraint()
    {
        var author = await _app.CreateUserAsync("Ada");
        var clientId = Guid.NewGuid();
        await _app.Services.GetRequiredService<MessageStore>().AppendAsync(Room.PublicRoomId, author.Id, clientId, "first", DateTimeOffset.UtcNow, default);

        var duplicate = await Should.ThrowAsync<DbUpdateException>(() => InsertAsync(new Message { RoomId = Room.PublicRoomId, Sequence = 999, AuthorId = author.Id, ClientMessageId = clientId, Body = "again" }));
        var noSuchAuthor = await Should.ThrowAsync<DbUpdateException>(() => InsertAsync(new Message { RoomId = Room.PublicRoomId, Sequence = 1000, AuthorId = 987_654, ClientMessageId = Guid.NewGuid(), Body = "ghost" }));

        DatabaseErrors.IsUniqueViolation(duplicate).ShouldBeTrue();
        DatabaseErrors.IsUniqueViolation(noSuchAuthor).ShouldBeFalse();
    }

    private async Task InsertAsync(Message message)
    {
        await using var db = await _app.CreateDbAsync();
        db.Messages.Add(message);
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Migrations_are_applied_at_start_up_and_match_the_model()
    {
        await using var db = await _app.CreateDbAsync();

        (await db.Database.GetPendingMigrationsAsync()).ShouldBeEmpty();
        db.Database.HasPendingModelChanges().ShouldBeFalse();
        var publicRoom = await db.Rooms.SingleAsync(r => r.Id == Room.PublicRoomId);
        publicRoom.Kind.ShouldBe(RoomKind.Public);
        publicRoom.Name.ShouldBe("Public room");
    }

    [Fact]
    public async Task Concurrent_senders_get_every_sequence_number_exactly_once()
    {
        var store = _app.Services.GetRequiredService<MessageStore>();
        var senders = new List<long>();
        for (var i = 0; i < 20; i++)
        {
            senders.Add((await _app.CreateUserAsync($"Sender {i}")).Id);
        }

        await Task.WhenAll(senders.Select(async sender =>
        {
            for (var n = 0; n < 10; n++)
            {
                await store.AppendAsync(Room.PublicRoomId, sender, Guid.NewGuid(), $"{sender}/{n}", DateTimeOffset.UtcNow, default);
            }
        }));

        await using var db = await _app.CreateDbAsync();
        var sequences = await db.Messages.Where(m => m.RoomId == Room.PublicRoomId).Select(m => m.Sequence).OrderBy(s => s).ToListAsync();
        sequences.ShouldBe(Enumerable.Range(1, 200).Select(i => (long)i));
        (await db.Rooms.SingleAsync(r => r.Id == Room.PublicRoomId)).LastSequence.ShouldBe(200);
    }

    [Fact]
    public async Task Concurrent_resends_of_one_message_store_it_once()
    {
        var store = _app.Services.GetRequiredService<MessageStore>();
        var sender = (await _app.CreateUserAsync("Resender")).Id;
        var clientId = Guid.NewGuid();

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ =>
            store.AppendAsync(Room.PublicRoomId, sender, clientId, "once", DateTimeOffset.UtcNow, default)));

        results.Count(r => r.Created).ShouldBe(1);
        results.Select(r => r.Message.Id).Distinct().Count().ShouldBe(1);
        await using var db = await _app.CreateDbAsync();
        (await db.Messages.CountAsync()).ShouldBe(1);
        (await db.Rooms.SingleAsync(r => r.Id == Room.PublicRoomId)).LastSequence.ShouldBe(1);
    }

    [Fact]
    public async Task A_stored_message_is_told_as_the_store_reads_it_back_and_moves_the_rooms_activity()
    {
        var store = _app.Services.GetRequiredService<MessageStore>();
        var alice = await _app.CreateUserAsync("Alice");
        var bob = await _app.CreateUserAsync("Bob");
        var sent = new DateTimeOffset(2026, 12, 5, 10, 11, 12, TimeSpan.Zero).AddTicks(1_234_567); // finer than the store keeps

        var (plain, created) = await store.AppendAsync(Room.PublicRoomId, alice.Id, Guid.NewGuid(), "plain", sent, default);
        var (reply, _) = await store.AppendAsync(Room.PublicRoomId, alice.Id, Guid.NewGuid(), $"for <@{bob.Id}>", sent.AddSeconds(1), default, [bob.Id], plain.Id);

        created.ShouldBeTrue();
        plain.ShouldBe(await store.FindAsync(plain.Id, default));
        plain.AuthorName.ShouldBe("Alice");
        plain.AuthorHandle.ShouldNotBeNull();
        plain.CreatedAt.ShouldBe(sent.AddTicks(-sent.Ticks % TimeSpan.TicksPerMillisecond));
        var readBack = (await store.FindAsync(reply.Id, default))!;
        reply.ReplyTo.ShouldBe(readBack.ReplyTo);
        reply.ReplyTo!.MessageId.ShouldBe(plain.Id);
        reply.Mentions.ShouldNotBeNull().Select(m => m.UserId).ShouldBe([bob.Id]);
        (reply with { Mentions = null }).ShouldBe(readBack with { Mentions = null });
        await using var db = await _app.CreateDbAsync();
        (await db.Rooms.SingleAsync(r => r.Id == Room.PublicRoomId)).LastActivityAt.ShouldBe(reply.CreatedAt);
    }

    [Fact]
    public async Task Reads_return_messages_in_sequence_order_with_their_authors()
    {
        var store = _app.Services.GetRequiredService<MessageStore>();
        var alice = await _app.CreateUserAsync("Alice");
        for (var n = 1; n <= 5; n++)
        {
            await store.AppendAsync(Room.PublicRoomId, alice.Id, Guid.NewGuid(), $"m{n}", DateTimeOffset.UtcNow, default);
        }

        var latest = await store.LatestAsync(Room.PublicRoomId, 3, default);
        var between = await store.BetweenAsync(Room.PublicRoomId, 1, 4, default);

        latest.Select(m => m.Body).ShouldBe(["m3", "m4", "m5"]);
        latest.ShouldAllBe(m => m.AuthorName == "Alice");
        between.Select(m => m.Sequence).ShouldBe([2L, 3L]);
    }
}

public sealed class SqliteMessageStoreTests : MessageStoreTests
{
    protected override Task<LetsChatApp> CreateAppAsync() => Task.FromResult(new LetsChatApp());
}

public sealed class PostgresMessageStoreTests(PostgresServer postgres) : MessageStoreTests
{
    protected override async Task<LetsChatApp> CreateAppAsync() => new(postgresConnectionString: await postgres.CreateDatabaseAsync());
}
