namespace LetsChat.Benchmarks.Load;

/// <summary>What a room is, for the day's figures: each kind is reported on its own.</summary>
public enum DayRoomKind
{
    Public,
    Group,
    Private,
}

/// <summary>A room of the day: the public room, a group room or a private room between two friends (users by index).</summary>
public sealed record DayRoom(int Index, DayRoomKind Kind, IReadOnlyList<int> Members);

/// <summary>One tab: whose it is and which room it shows (null: /friends, a page with no conversation).</summary>
public sealed record DayTab(int Index, int User, DayRoom? Room);

/// <summary>
/// Who is on the site for a day, decided before anything opens (a fixed seed, so every run loads the same site):
/// users with one to five tabs, a public room watched by a fixed number of tabs, group rooms of 10 to 50 members,
/// friendships with a private room each, and "comers and goers", friends of some users, who open and close a tab all
/// day long. Tabs that show a room are spread over their user's rooms; a room someone speaks in has viewers to hear it.
/// </summary>
public sealed class DayPlan
{
    private DayPlan(IReadOnlyList<int> tabsPerUser, IReadOnlyList<DayRoom> rooms, IReadOnlyList<DayTab> tabs, IReadOnlyList<IReadOnlyList<int>> comerFriends)
    {
        TabsPerUser = tabsPerUser;
        Rooms = rooms;
        Tabs = tabs;
        ComerFriends = comerFriends;
    }

    /// <summary>How many tabs each user keeps open (user i is "Day i").</summary>
    public IReadOnlyList<int> TabsPerUser { get; }

    /// <summary>Room 0 is the public room; then the group rooms; then the private rooms.</summary>
    public IReadOnlyList<DayRoom> Rooms { get; }

    public IReadOnlyList<DayTab> Tabs { get; }

    /// <summary>For each comer (user "Comer i"), the users they are friends with.</summary>
    public IReadOnlyList<IReadOnlyList<int>> ComerFriends { get; }

    public int Users => TabsPerUser.Count;

    public static string UserName(int user) => $"Day {user}";

    public static string ComerName(int comer) => $"Comer {comer}";

    /// <param name="tabs">Tabs held open all day.</param>
    /// <param name="publicTabs">Of those, the tabs on the public room.</param>
    /// <param name="groups">Group rooms, of <paramref name="smallestGroup"/> to <paramref name="largestGroup"/> members.</param>
    /// <param name="comers">Users who come and go; each is a friend of <paramref name="friendsPerComer"/> users.</param>
    public static DayPlan Make(int tabs, int publicTabs, int groups, int smallestGroup, int largestGroup, int comers, int friendsPerComer, int seed = 27)
    {
        var random = new Random(seed);
        // One to five tabs: most people keep one or two, a few keep many.
        int[] weights = [40, 25, 15, 10, 10];
        var tabsPerUser = new List<int>();
        for (var left = tabs; left > 0;)
        {
            var pick = random.Next(100);
            var count = 1;
            for (var sum = weights[0]; pick >= sum; sum += weights[count], count++)
            {
            }

            count = Math.Min(count, left);
            tabsPerUser.Add(count);
            left -= count;
        }

        var users = tabsPerUser.Count;
        var rooms = new List<DayRoom> { new(0, DayRoomKind.Public, []) };
        for (var g = 0; g < groups; g++)
        {
            var size = Math.Min(users, random.Next(smallestGroup, largestGroup + 1));
            rooms.Add(new DayRoom(rooms.Count, DayRoomKind.Group, [.. Enumerable.Range(0, users).OrderBy(_ => random.Next()).Take(size)]));
        }

        // A ring of friends through everyone (nobody is friendless), and as many friendships again at random.
        var pairs = new HashSet<(int, int)>();
        void Befriend(int a, int b)
        {
            if (a != b)
            {
                pairs.Add((Math.Min(a, b), Math.Max(a, b)));
            }
        }

        for (var u = 0; u < users && users > 1; u++)
        {
            Befriend(u, (u + 1) % users);
        }

        for (var extra = 0; extra < users; extra++)
        {
            Befriend(random.Next(users), random.Next(users));
        }

        foreach (var (a, b) in pairs.Order())
        {
            rooms.Add(new DayRoom(rooms.Count, DayRoomKind.Private, [a, b]));
        }

        var roomsOf = new List<DayRoom>[users];
        for (var u = 0; u < users; u++)
        {
            roomsOf[u] = [];
        }

        foreach (var room in rooms.Skip(1))
        {
            foreach (var member in room.Members)
            {
                roomsOf[member].Add(room);
            }
        }

        // Tabs in user order; the public room's tabs are picked at random among them, the rest show one of their
        // user's rooms.
        var tabUsers = tabsPerUser.SelectMany((count, user) => Enumerable.Repeat(user, count)).ToList();
        var onPublic = Enumerable.Range(0, tabUsers.Count).OrderBy(_ => random.Next()).Take(publicTabs).ToHashSet();
        var dayTabs = tabUsers.Select((user, i) => new DayTab(i, user,
            onPublic.Contains(i) ? rooms[0] : roomsOf[user].Count == 0 ? null : roomsOf[user][random.Next(roomsOf[user].Count)])).ToList();
        var comerFriends = Enumerable.Range(0, comers)
            .Select(_ => (IReadOnlyList<int>)[.. Enumerable.Range(0, users).OrderBy(_ => random.Next()).Take(Math.Min(users, friendsPerComer))])
            .ToList();
        return new DayPlan(tabsPerUser, rooms, dayTabs, comerFriends);
    }

    /// <summary>The tabs showing each room, by room index.</summary>
    public ILookup<int, DayTab> ViewersByRoom() => Tabs.Where(t => t.Room is not null).ToLookup(t => t.Room!.Index);

    /// <summary>The tabs of each user, by user index.</summary>
    public ILookup<int, DayTab> TabsByUser() => Tabs.ToLookup(t => t.User);
}
