using LetsChat.Components.Rooms;

namespace LetsChat.Benchmarks.Corpus;

/// <summary>A search as someone types it, the kind it stands for, and who types it (a user id).</summary>
public sealed record TypicalQuery(string Kind, string Text, long SearcherId);

/// <summary>
/// Searches people make, drawn from the corpus: mostly a word or two of middle frequency, a word as it is being typed, a
/// phrase, and the filters (from:, in:, has:link, dates), with a few rare words. Each is made by someone who may read what
/// it names: <c>in:</c> by a member of that room, <c>from:</c> about someone in one of the searcher's rooms.
/// </summary>
public static class TypicalQueries
{
    public const string Word = "one word";
    public const string TwoWords = "two words";
    public const string Prefix = "word being typed";
    public const string Phrase = "\"phrase\"";
    public const string Excluding = "word -word";
    public const string From = "from:@handle word";
    public const string In = "in:\"room\" word";
    public const string Link = "has:link word";
    public const string Dated = "before:/after: word";
    public const string Rare = "rare word";

    /// <summary>Twenty searches in the proportions people make them; a run repeats the pattern.</summary>
    private static readonly string[] Pattern =
    [
        Word, TwoWords, Prefix, Phrase, Excluding, From, In, Word, TwoWords, Prefix,
        Link, Dated, Word, Prefix, TwoWords, Phrase, Excluding, From, In, Rare,
    ];

    public static IReadOnlyList<string> Kinds { get; } = Pattern.Distinct().ToList();

    public static List<TypicalQuery> Make(ChatCorpus corpus, int count, int seed)
    {
        var random = new Random(seed);
        var words = corpus.Vocabulary;
        var groups = corpus.Rooms.Where(r => r.Kind == RoomKind.Group).ToList();
        var queries = new List<TypicalQuery>(count);
        for (var i = 0; i < count; i++)
        {
            var kind = Pattern[i % Pattern.Length];
            var room = groups[random.Next(groups.Count)];
            var searcher = room.Members[random.Next(room.Members.Length)];
            var text = kind switch
            {
                Word => words.MiddleWord(random),
                TwoWords => $"{words.MiddleWord(random)} {words.MiddleWord(random)}",
                Prefix => AsTyped(words.MiddleWord(random, minLength: 5), random),
                Phrase => $"\"{PhraseFrom(corpus, random)}\"",
                Excluding => $"{words.MiddleWord(random)} -{words.Words[random.Next(40)]}",
                From => $"from:@{corpus.Users[(int)room.Members[random.Next(room.Members.Length)] - 1].Handle} {words.Words[10 + random.Next(200)]}",
                In => $"in:\"{room.Name}\" {words.Words[10 + random.Next(200)]}",
                Link => $"has:link {words.MiddleWord(random)}",
                Dated => $"{(random.Next(2) == 0 ? "before" : "after")}:{DateOnly.FromDateTime((ChatCorpus.Start + (ChatCorpus.Span * random.NextDouble())).UtcDateTime):yyyy-MM-dd} {words.MiddleWord(random)}",
                _ => words.Rare[random.Next(words.Rare.Count)],
            };
            queries.Add(new TypicalQuery(kind, text, searcher));
        }

        return queries;
    }

    // Three to five letters of a word, as the box holds it while the word is typed.
    private static string AsTyped(string word, Random random) => word[..Math.Min(word.Length - 1, 3 + random.Next(3))];

    // Two neighbouring words of a message that are not both among the commonest: something remembered word for word.
    private static string PhraseFrom(ChatCorpus corpus, Random random)
    {
        var common = corpus.Vocabulary.Words.Take(30).ToHashSet(StringComparer.Ordinal);
        while (true)
        {
            var body = corpus.Messages[random.Next(corpus.Messages.Count)].Body;
            var lexemes = LetsChat.Server.Search.SearchTerms.Lexemes(body.Split("https://")[0]);
            if (lexemes.Count < 2 || body.StartsWith("<@", StringComparison.Ordinal))
            {
                continue;
            }

            var at = random.Next(lexemes.Count - 1);
            if (!common.Contains(lexemes[at]) || !common.Contains(lexemes[at + 1]))
            {
                return $"{lexemes[at]} {lexemes[at + 1]}";
            }
        }
    }
}
