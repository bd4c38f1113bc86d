using System.Diagnostics;

namespace Neptune.Streams.Lambda.Diagnostics;

/// <summary>
/// Lambda's X-Ray trace header (<c>Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1</c>) as
/// a W3C parent: the trace id is the root's epoch and random parts joined (32 hex digits), the span id is the parent.
/// </summary>
internal static class TraceHeader
{
    public static bool TryParse(string? header, out ActivityContext parent)
    {
        parent = default;
        if (string.IsNullOrEmpty(header))
        {
            return false;
        }

        ReadOnlySpan<char> root = default, parentId = default;
        bool sampled = false;
        foreach (Range part in header.AsSpan().Split(';'))
        {
            ReadOnlySpan<char> field = header.AsSpan()[part].Trim();
            if (field.StartsWith("Root=", StringComparison.Ordinal))
            {
                root = field[5..];
            }
            else if (field.StartsWith("Parent=", StringComparison.Ordinal))
            {
                parentId = field[7..];
            }
            else if (field.StartsWith("Sampled=", StringComparison.Ordinal))
            {
                sampled = field[8..].SequenceEqual("1");
            }
        }

        // Root=1-{8 hex digits of epoch seconds}-{24 hex digits}
        if (root.Length != 35 || !root.StartsWith("1-") || root[10] != '-' || parentId.Length != 16
            || !IsLowerHex(root[2..10]) || !IsLowerHex(root[11..]) || !IsLowerHex(parentId))
        {
            return false;
        }

        Span<char> traceId = stackalloc char[32];
        root[2..10].CopyTo(traceId);
        root[11..].CopyTo(traceId[8..]);
        if (traceId.IndexOfAnyExcept('0') < 0 || parentId.IndexOfAnyExcept('0') < 0)
        {
            return false; // all-zero ids are invalid in W3C trace context
        }

        parent = new ActivityContext(
            ActivityTraceId.CreateFromString(traceId),
            ActivitySpanId.CreateFromString(parentId),
            sampled ? ActivityTraceFlags.Recorded : ActivityTraceFlags.None,
            isRemote: true);
        return true;
    }

    private static bool IsLowerHex(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
