using System.Buffers.Binary;
using System.Text;

namespace LetsChat.Benchmarks.Load;

/// <summary>What a render batch did to event handlers: new elements' handlers, handlers set on existing elements, disposed ids.</summary>
public sealed record HandlerChanges(List<RenderedHandler> Added, List<(string EventName, ulong EventHandlerId)> Replacements, HashSet<ulong> Disposed);

/// <summary>An element of a render batch's reference frames with an event handler attached, as the browser would see it.</summary>
public sealed record RenderedHandler(string ElementName, string EventName, ulong EventHandlerId, IReadOnlyDictionary<string, string?> Attributes);

/// <summary>
/// Reads the parts of Blazor Server's binary render batch a load client needs: the string table (to notice a
/// message by its token) and the event handlers of new elements (to type and send through the real composer).
/// Layout, from RenderBatchWriter: sections, then five little-endian int32 offsets at the end (updated components,
/// reference frames, disposed components, disposed event handlers, string table); a reference frame is 20 bytes.
/// </summary>
public static class RenderBatchReader
{
    private const int FrameSize = 20;
    private const int ElementFrame = 1;
    private const int AttributeFrame = 3;

    /// <summary>
    /// Calls <paramref name="onNumber"/> once for each numbered token in the batch's strings. A token can stand in one
    /// batch more than once (a component's string parameter is sent beside the text it renders); it is one sighting.
    /// </summary>
    /// <param name="inMarkupOnly">Only tokens that open a paragraph ("&lt;p&gt;token", as the Markdown body renders): a
    /// message's row, not the preview of it in a room list's link or a notification.</param>
    public static void FindNumberedStrings(ReadOnlySpan<byte> batch, ReadOnlySpan<byte> prefix, Action<long> onNumber, bool inMarkupOnly = false)
    {
        HashSet<long>? seen = null;
        var stringTable = ReadInt(batch, batch.Length - 4);
        for (var entry = stringTable; entry < batch.Length - 20; entry += 4)
        {
            var offset = ReadInt(batch, entry);
            var length = ReadLength(batch, ref offset);
            var value = batch.Slice(offset, length);
            // The body arrives as rendered Markdown ("<p>token</p>"), so the token is looked for anywhere in the string.
            var at = value.IndexOf(prefix);
            if (at < 0 || (inMarkupOnly && !value[..at].EndsWith("<p>"u8)))
            {
                continue;
            }

            var digits = value[(at + prefix.Length)..];
            var end = 0;
            while (end < digits.Length && digits[end] is >= (byte)'0' and <= (byte)'9')
            {
                end++;
            }

            if (end > 0 && TryParseDigits(digits[..end], out var number) && (seen ??= []).Add(number))
            {
                onNumber(number);
            }
        }
    }

    /// <summary>The values of the attributes named <paramref name="name"/> in the batch; a batch without the name is not parsed.</summary>
    public static void FindAttributeValues(ReadOnlySpan<byte> batch, string name, Action<string> onValue)
    {
        if (batch.IndexOf(Encoding.UTF8.GetBytes(name)) < 0)
        {
            return;
        }

        CountAttributes(batch, name, value =>
        {
            if (value is not null)
            {
                onValue(value);
            }

            return true;
        });
    }

    /// <summary>How many attribute frames in the batch are named <paramref name="name"/> with a value <paramref name="valueMatches"/>.</summary>
    public static int CountAttributes(ReadOnlySpan<byte> batch, string name, Func<string?, bool> valueMatches)
    {
        var strings = ReadStrings(batch);
        var framesOffset = ReadInt(batch, batch.Length - 16);
        var count = ReadInt(batch, framesOffset);
        var found = 0;
        for (var i = 0; i < count; i++)
        {
            var frame = batch.Slice(framesOffset + 4 + (i * FrameSize), FrameSize);
            if (BinaryPrimitives.ReadInt32LittleEndian(frame) == AttributeFrame
                && StringAt(strings, BinaryPrimitives.ReadInt32LittleEndian(frame[4..])) == name
                && valueMatches(StringAt(strings, BinaryPrimitives.ReadInt32LittleEndian(frame[8..]))))
            {
                found++;
            }
        }

        return found;
    }

    /// <summary>Where each string of the batch's string table lies (UTF-8 bytes), to look into them without decoding all.</summary>
    public static List<(int Offset, int Length)> StringRanges(ReadOnlySpan<byte> batch)
    {
        var stringTable = ReadInt(batch, batch.Length - 4);
        var ranges = new List<(int, int)>((batch.Length - 20 - stringTable) / 4);
        for (var entry = stringTable; entry < batch.Length - 20; entry += 4)
        {
            var offset = ReadInt(batch, entry);
            var length = ReadLength(batch, ref offset);
            ranges.Add((offset, length));
        }

        return ranges;
    }

    /// <summary>Every string in the batch (for diagnostics and tests).</summary>
    public static string[] ReadStrings(ReadOnlySpan<byte> batch)
    {
        var ranges = StringRanges(batch);
        var strings = new string[ranges.Count];
        for (var i = 0; i < strings.Length; i++)
        {
            strings[i] = Encoding.UTF8.GetString(batch.Slice(ranges[i].Offset, ranges[i].Length));
        }

        return strings;
    }

    /// <summary>The event handlers on elements inserted by this batch, with the other attributes of their element.</summary>
    public static HandlerChanges ReadHandlers(ReadOnlySpan<byte> batch)
    {
        var disposedOffset = ReadInt(batch, batch.Length - 8);
        var disposedCount = ReadInt(batch, disposedOffset);
        var disposed = new HashSet<ulong>();
        for (var i = 0; i < disposedCount; i++)
        {
            disposed.Add(BinaryPrimitives.ReadUInt64LittleEndian(batch[(disposedOffset + 4 + (i * 8))..]));
        }

        List<(string, ulong)> replacements = [];
        var strings = ReadStrings(batch);
        var framesOffset = ReadInt(batch, batch.Length - 16);
        var count = ReadInt(batch, framesOffset);
        var frames = batch.Slice(framesOffset + 4, count * FrameSize);
        var handlers = new List<RenderedHandler>();
        string? element = null;
        Dictionary<string, string?> attributes = [];
        List<(string Event, ulong Id)> events = [];

        void Flush()
        {
            if (element is not null)
            {
                foreach (var (name, id) in events)
                {
                    handlers.Add(new RenderedHandler(element, name, id, attributes));
                }
            }

            element = null;
            attributes = [];
            events = [];
        }

        for (var i = 0; i < count; i++)
        {
            var frame = frames.Slice(i * FrameSize, FrameSize);
            var type = BinaryPrimitives.ReadInt32LittleEndian(frame);
            if (type == ElementFrame)
            {
                Flush();
                element = StringAt(strings, BinaryPrimitives.ReadInt32LittleEndian(frame[8..]));
            }
            else if (type == AttributeFrame && element is null)
            {
                // An attribute set on an element that already exists (a SetAttribute edit), such as a new handler id.
                var handlerId = BinaryPrimitives.ReadUInt64LittleEndian(frame[12..]);
                var name = StringAt(strings, BinaryPrimitives.ReadInt32LittleEndian(frame[4..])) ?? string.Empty;
                if (handlerId != 0 && name.StartsWith("on", StringComparison.Ordinal))
                {
                    replacements.Add((name[2..], handlerId));
                }
            }
            else if (type == AttributeFrame)
            {
                var name = StringAt(strings, BinaryPrimitives.ReadInt32LittleEndian(frame[4..])) ?? string.Empty;
                var value = StringAt(strings, BinaryPrimitives.ReadInt32LittleEndian(frame[8..]));
                var handlerId = BinaryPrimitives.ReadUInt64LittleEndian(frame[12..]);
                if (handlerId != 0)
                {
                    events.Add((name.StartsWith("on", StringComparison.Ordinal) ? name[2..] : name, handlerId));
                }
                else
                {
                    attributes[name] = value;
                }
            }
            else
            {
                Flush();
            }
        }

        Flush();
        return new HandlerChanges(handlers, replacements, disposed);
    }

    private static string? StringAt(string[] strings, int index) => index >= 0 && index < strings.Length ? strings[index] : null;

    private static int ReadInt(ReadOnlySpan<byte> batch, int offset) => BinaryPrimitives.ReadInt32LittleEndian(batch[offset..]);

    // Strings are length-prefixed with an unsigned LEB128, as BinaryWriter writes them.
    private static int ReadLength(ReadOnlySpan<byte> batch, ref int offset)
    {
        var length = 0;
        var shift = 0;
        byte current;
        do
        {
            current = batch[offset++];
            length |= (current & 0x7f) << shift;
            shift += 7;
        }
        while (current >= 0x80);

        return length;
    }

    private static bool TryParseDigits(ReadOnlySpan<byte> digits, out long number)
    {
        number = 0;
        foreach (var digit in digits)
        {
            if (digit is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            number = (number * 10) + (digit - '0');
        }

        return true;
    }
}
