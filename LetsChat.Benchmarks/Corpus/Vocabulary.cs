namespace LetsChat.Benchmarks.Corpus;

/// <summary>
/// The words of the generated chat: common English chat words first, roughly in order of frequency, then made-up words
/// (syllables) to a few thousand; drawn by a Zipf law over that order, as words in real text are. Rare words, each used
/// a handful of times in the whole corpus, are kept apart so that queries for them have few hits.
/// </summary>
public sealed class Vocabulary
{
    // A person's chat, not a newspaper's: pronouns, plans, work, weather, food, feelings.
    private const string CommonWords = """
        the i you to a and it is that of in we for on this be have just so but not what my do with are me can
        was all if at no your get like yes okay will there know think about up out one now going good time how
        they when see then go back too here today really would well did got right want need much more some thanks
        tomorrow meeting work sure let also new from week still should could any maybe make day people been as
        call sorry later tonight great yeah morning thing last first next by or an our us them their he she his
        her its only where who why which very even because over after before again never always something nothing
        take come look find give tell ask try use feel leave put mean keep start stop show hear play run move live
        believe bring happen write sit stand lose pay meet include continue set learn change lead understand watch
        follow create speak read allow add spend grow open walk win offer remember love consider appear buy wait
        serve die send expect build stay fall cut reach kill remain suggest raise pass sell require report decide
        pull home house room school family friend friends group team project plan idea question problem answer
        list point fact story picture music movie book game phone email message photo video link page file code
        bug fix test release build deploy server client database design review draft version branch merge issue
        ticket deadline budget client customer office desk lunch dinner breakfast coffee tea pizza beer wine cake
        weekend monday tuesday wednesday thursday friday saturday sunday january february march april may june
        july august september october november december spring summer autumn winter weather rain snow sun cold
        hot warm wind storm cloud city town street road car bus train bike plane airport hotel trip travel beach
        mountain river lake park garden forest dog cat bird horse fish tree flower water fire night evening hour
        minute second year month birthday party wedding holiday vacation ticket concert show match score goal
        happy sad tired busy free late early ready done fine nice cool funny weird crazy awesome amazing terrible
        easy hard fast slow big small long short old young high low best worst better worse true false full empty
        cheap expensive quick quiet loud clean dirty safe strong weak simple important different possible able
        doctor teacher student manager developer designer engineer artist writer player coach driver neighbour
        kitchen bedroom window door table chair bed couch screen laptop keyboard printer charger battery camera
        money price cost bill rent job salary interview contract invoice payment order delivery package shop
        store market bank account password login update download upload backup storage network internet wifi
        question answer reason result chance choice decision mistake advice help support feedback opinion news
        health gym run walk yoga swim football tennis basketball soccer hockey golf race training practice
        recipe soup salad bread cheese chicken pasta rice sushi burger sandwich fruit apple banana orange chocolate
        guitar piano song album band drums concert festival theatre museum gallery library exhibition lecture
        course class exam homework essay thesis paper research experiment data analysis chart slide presentation
        conference workshop sprint standup retro roadmap milestone estimate priority scope feature request
        """;

    private const string Consonants = "bcdfghklmnprstvwz";
    private const string Vowels = "aeiou";

    private readonly double[] _cumulative;

    public Vocabulary(int size, int rareWords, int seed)
    {
        var random = new Random(seed);
        var words = new List<string>();
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in CommonWords.Split([' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (taken.Add(word))
            {
                words.Add(word);
            }
        }

        while (words.Count < size)
        {
            var word = MadeUp(random, 2 + random.Next(2));
            if (taken.Add(word))
            {
                words.Add(word);
            }
        }

        var rare = new List<string>();
        while (rare.Count < rareWords)
        {
            var word = MadeUp(random, 4);
            if (taken.Add(word))
            {
                rare.Add(word);
            }
        }

        Words = words;
        Rare = rare;
        _cumulative = new double[words.Count];
        var total = 0.0;
        for (var rank = 0; rank < words.Count; rank++)
        {
            total += 1.0 / (rank + 1);
            _cumulative[rank] = total;
        }
    }

    /// <summary>Every common word, the most frequent first.</summary>
    public IReadOnlyList<string> Words { get; }

    /// <summary>Words kept out of the frequency draw: the corpus puts one in every hundredth message, so each comes up a handful of times.</summary>
    public IReadOnlyList<string> Rare { get; }

    /// <summary>A word drawn by frequency: the word of rank r comes up in proportion to 1/r.</summary>
    public string Next(Random random)
    {
        var at = Array.BinarySearch(_cumulative, random.NextDouble() * _cumulative[^1]);
        return Words[Math.Min(Words.Count - 1, at < 0 ? ~at : at)];
    }

    /// <summary>A word of middle frequency: the kind people search for (not "the", not a word used twice).</summary>
    public string MiddleWord(Random random, int minLength = 3)
    {
        while (true)
        {
            var word = Words[40 + random.Next(Math.Min(800, Words.Count - 40))];
            if (word.Length >= minLength)
            {
                return word;
            }
        }
    }

    private static string MadeUp(Random random, int syllables)
    {
        var chars = new char[syllables * 2 + 1];
        var length = 0;
        for (var i = 0; i < syllables; i++)
        {
            chars[length++] = Consonants[random.Next(Consonants.Length)];
            chars[length++] = Vowels[random.Next(Vowels.Length)];
        }

        if (random.Next(3) == 0)
        {
            chars[length++] = "nrslt"[random.Next(5)];
        }

        return new string(chars, 0, length);
    }
}
