namespace LetsChat.Server.Events;

/// <summary>How events are handed to circuits (section <see cref="Section"/>); the defaults suit any machine.</summary>
public sealed class DeliveryOptions
{
    public const string Section = "LetsChat:Delivery";

    /// <summary>How many deliveries run at once; 0 means one fewer than the machine's cores (at least one).</summary>
    public int Lanes { get; set; }

    /// <summary>How many more lanes may start, one at a time, while deliveries are stuck (a delivery blocking its thread).</summary>
    public int ExtraLanes { get; set; } = 32;

    /// <summary>How long nothing may finish, with work waiting, before another lane starts.</summary>
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromMilliseconds(100);
}
