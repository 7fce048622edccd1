using System.Text;
using LetsChat.Components.Chat;
using LetsChat.Components.Rooms;

namespace LetsChat.Benchmarks.Corpus;

/// <summary>How big a generated chat is, and how many searches are timed in it (after some that are not).</summary>
public sealed record CorpusSize(int Users, int Rooms, int Messages, int Queries, int WarmUp)
{
    public static CorpusSize Full { get; } = new(10_000, 1_000, 1_000_000, 200, 20);

    /// <summary>The smoke size: seconds on either database.</summary>
    public static CorpusSize Quick { get; } = new(200, 50, 5_000, 20, 5);
}

public sealed record CorpusUser(long Id, string DisplayName, string Handle, DateTimeOffset CreatedAt)
{
    /// <summary>Unique, as the column requires; never used to sign in.</summary>
    public string WebAuthnUserId => $"bench-{Id}";
}

/// <summary>A room and who is in it; the public room has no member rows (everyone reads it).</summary>
public sealed class CorpusRoom(long id, RoomKind kind, string name, long[] members, DateTimeOffset createdAt)
{
    public long Id { get; } = id;

    public RoomKind Kind { get; } = kind;

    public string Name { get; } = name;

    public long[] Members { get; } = members;

    public long? OwnerId => Kind == RoomKind.Group ? Members[0] : null;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public long LastSequence { get; set; }

    public DateTimeOffset LastActivityAt { get; set; }
}

public readonly record struct CorpusMessage(long Id, long RoomId, long Sequence, long AuthorId, DateTimeOffset CreatedAt, string Body)
{
    /// <summary>Unique per author, as the column requires: made from the message's id.</summary>
    public Guid ClientMessageId => new((int)Id, (short)(Id >> 32), 0, 0xbe, 0x4c, 0, 0, 0, 0, 0, 0);
}

public sealed record CorpusFriendship(long UserAId, long UserBId, long RoomId);

/// <summary>
/// A chat of a given size, the same for the same seed: users with names and handles, group rooms of 10–50 members, private
/// rooms between friends, and messages spread over a year, the busiest rooms taking most of them, each written by a
/// member with words drawn by frequency (<see cref="Vocabulary"/>), some with a link, a mention or a rare word.
/// </summary>
public sealed class ChatCorpus
{
    public static readonly DateTimeOffset Start = new(2025, 12, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly TimeSpan Span = TimeSpan.FromDays(365);

    private static readonly string[] FirstNames = ("Ada Alan Alice Amir Anna Ben Bianca Carl Chen Chloe Dan Dara Eli Emma Eva Femi Finn Grace Hana Hugo " +
        "Ines Ivan Jade Jonas Kai Kate Lara Leo Lina Luca Maya Mila Nadia Noah Nora Olga Omar Paul Priya Quinn Rosa Ravi Sara Sven Tara Theo Uma Vera " +
        "Wei Will Xena Yara Yusuf Zoe Ali Bea Cleo Dev Emil Gus").Split(' ');

    private static readonly string[] LastNames = ("Lovelace Turing Hopper Kay Liskov Knuth Ritchie Thompson Hamilton Church Backus Dijkstra Wirth " +
        "Stroustrup Gosling Ng Okafor Silva Santos Kowalski Novak Berg Lund Moreau Rossi Garcia Kim Park Tanaka Sato Singh Patel Khan Ali Haddad " +
        "Cohen Levi Murphy Byrne Walsh Smith Jones Brown Taylor Wilson Evans Green Wood Hall Young King Wright Scott Baker Adams Nelson Carter Reed " +
        "Price Bell").Split(' ');

    private static readonly string[] Topics = ("Book|Hiking|Design|Climbing|Chess|Running|Photo|Cooking|Film|Garden|Jazz|Board game|Startup|Physics|" +
        "Poetry|Language|Travel|Cycling|Yoga|Football|Pottery|Coffee|Wine|Music|Robotics|Astronomy|History|Marketing|Support|Backend|Frontend|" +
        "Data|Parents|Neighbours|Alumni|Volunteer|Choir|Theatre|Science|Art").Split('|');

    private static readonly string[] Circles = "club team crew group friends circle society lovers fans squad collective guild corner lab meetup chat hub gang nerds council".Split(' ');

    private static readonly string[] Sites = ["github.com", "docs.example.org", "youtu.be", "news.example.com", "maps.example.net", "shop.example.com"];

    private readonly List<CorpusMessage> _messages;

    private ChatCorpus(CorpusSize size, Vocabulary vocabulary, List<CorpusUser> users, List<CorpusRoom> rooms, List<CorpusFriendship> friendships, List<CorpusMessage> messages)
    {
        Size = size;
        Vocabulary = vocabulary;
        Users = users;
        Rooms = rooms;
        Friendships = friendships;
        _messages = messages;
    }

    public CorpusSize Size { get; }

    public Vocabulary Vocabulary { get; }

    public IReadOnlyList<CorpusUser> Users { get; }

    /// <summary>The public room first (it exists in every database), then group rooms, then private rooms.</summary>
    public IReadOnlyList<CorpusRoom> Rooms { get; }

    public IReadOnlyList<CorpusFriendship> Friendships { get; }

    public IReadOnlyList<CorpusMessage> Messages => _messages;

    public static ChatCorpus Generate(CorpusSize size, int seed = 20261204)
    {
        var random = new Random(seed);
        var vocabulary = new Vocabulary(4_000, Math.Max(20, size.Messages / 500), seed);
        var users = MakeUsers(size.Users, random);
        var rooms = new List<CorpusRoom> { new(LetsChat.Server.Rooms.Room.PublicRoomId, RoomKind.Public, "Public room", [], Start) };
        var groups = (size.Rooms - 1) * 4 / 5;
        for (var i = 0; i < groups; i++)
        {
            var name = $"{Topics[i % Topics.Length]} {Circles[i / Topics.Length % Circles.Length]}{(i >= Topics.Length * Circles.Length ? $" {i}" : "")}";
            var members = Sample(random, size.Users, Math.Min(size.Users, 10 + random.Next(41)));
            rooms.Add(new CorpusRoom(rooms.Count + 1, RoomKind.Group, name, members, Start - TimeSpan.FromDays(random.Next(30))));
        }

        var friendships = new List<CorpusFriendship>();
        var pairs = new HashSet<(long, long)>();
        while (rooms.Count < size.Rooms)
        {
            var (a, b) = (random.Next(size.Users) + 1L, random.Next(size.Users) + 1L);
            if (a == b || !pairs.Add((Math.Min(a, b), Math.Max(a, b))))
            {
                continue;
            }

            var room = new CorpusRoom(rooms.Count + 1, RoomKind.Private, "Private chat", [a, b], Start - TimeSpan.FromDays(random.Next(30)));
            rooms.Add(room);
            friendships.Add(new CorpusFriendship(Math.Min(a, b), Math.Max(a, b), room.Id));
        }

        var messages = MakeMessages(size.Messages, vocabulary, size.Users, rooms, random);
        return new ChatCorpus(size, vocabulary, users, rooms, friendships, messages);
    }

    private static List<CorpusUser> MakeUsers(int count, Random random)
    {
        var users = new List<CorpusUser>(count);
        var handles = new HashSet<string>(StringComparer.Ordinal);
        for (var id = 1; id <= count; id++)
        {
            var (first, last) = (FirstNames[random.Next(FirstNames.Length)], LastNames[random.Next(LastNames.Length)]);
            var handle = $"{first}.{last}".ToLowerInvariant();
            for (var n = 2; !handles.Add(handle); n++)
            {
                handle = $"{first}.{last}{n}".ToLowerInvariant();
            }

            users.Add(new CorpusUser(id, $"{first} {last}", handle, Start - TimeSpan.FromDays(random.Next(400))));
        }

        return users;
    }

    // The public room takes a tenth of the messages; the other rooms' shares fall off as 1/rank^0.8, in a random order of rooms.
    private static List<CorpusMessage> MakeMessages(int count, Vocabulary vocabulary, int userCount, List<CorpusRoom> rooms, Random random)
    {
        var ranks = Enumerable.Range(1, rooms.Count - 1).OrderBy(_ => random.Next()).ToArray();
        var weights = new double[rooms.Count];
        weights[0] = 0;
        for (var i = 1; i < rooms.Count; i++)
        {
            weights[i] = 1.0 / Math.Pow(ranks[i - 1], 0.8);
        }

        var others = weights.Sum();
        weights[0] = rooms.Count == 1 ? 1 : others / 9;
        var cumulative = new double[rooms.Count];
        for (var (i, total) = (0, 0.0); i < rooms.Count; i++)
        {
            total += weights[i];
            cumulative[i] = total;
        }

        var messages = new List<CorpusMessage>(count);
        var body = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            var at = Array.BinarySearch(cumulative, random.NextDouble() * cumulative[^1]);
            var room = rooms[Math.Min(rooms.Count - 1, at < 0 ? ~at : at)];
            var author = room.Members.Length == 0 ? random.Next(userCount) + 1L : room.Members[random.Next(room.Members.Length)];
            var mentioned = room.Members.Length == 0 ? random.Next(userCount) + 1L : room.Members[random.Next(room.Members.Length)];
            var createdAt = Start + TimeSpan.FromTicks(Span.Ticks / count * i);
            room.LastSequence++;
            room.LastActivityAt = createdAt;
            messages.Add(new CorpusMessage(i + 1, room.Id, room.LastSequence, author, createdAt, Body(body, vocabulary, random, mentioned)));
        }

        return messages;
    }

    private static string Body(StringBuilder body, Vocabulary vocabulary, Random random, long mentioned)
    {
        body.Clear();
        if (random.Next(100) < 3)
        {
            body.Append(MentionText.Token(mentioned)).Append(' ');
        }

        var words = Math.Min(40, 1 + (int)(-Math.Log(1 - random.NextDouble()) * 8));
        var rareAt = random.Next(100) == 0 ? random.Next(words) : -1;
        for (var w = 0; w < words; w++)
        {
            var word = w == rareAt ? vocabulary.Rare[random.Next(vocabulary.Rare.Count)] : vocabulary.Next(random);
            body.Append(w == 0 && random.Next(2) == 0 ? char.ToUpperInvariant(word[0]) + word[1..] : word);
            body.Append(w == words - 1 ? "" : random.Next(12) == 0 ? ", " : " ");
        }

        body.Append(random.Next(4) switch { 0 => "?", 1 => ".", 2 => "!", _ => "" });
        if (random.Next(100) < 5)
        {
            body.Append(" https://").Append(Sites[random.Next(Sites.Length)]).Append('/').Append(random.Next(100_000));
        }

        return body.ToString();
    }

    // k distinct user ids out of 1..n.
    private static long[] Sample(Random random, int n, int k)
    {
        var chosen = new HashSet<long>();
        while (chosen.Count < k)
        {
            chosen.Add(random.Next(n) + 1L);
        }

        return [.. chosen];
    }
}
