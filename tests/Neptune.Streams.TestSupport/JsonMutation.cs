namespace Neptune.Streams.TestSupport;

/// <summary>Small random edits of JSON bytes, for differential tests of readers that must agree on every input.</summary>
public static class JsonMutation
{
    /// <summary>The bytes that matter to JSON (structure, quotes, escapes, digits, literals' letters), to mutate with.</summary>
    public static byte[] Alphabet { get; } = "{}[]:,\"\\ 0123456789-+.eEtrufalsn\tuA"u8.ToArray();

    /// <summary>A copy of <paramref name="json"/> with one or two bytes dropped, doubled, or replaced by one of <see cref="Alphabet"/>.</summary>
    public static byte[] Mutate(byte[] json, Random random)
    {
        var bytes = new List<byte>(json);
        int edits = 1 + random.Next(2);
        for (int e = 0; e < edits && bytes.Count > 1; e++)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(3))
            {
                case 0:
                    bytes.RemoveAt(at);
                    break;
                case 1:
                    bytes.Insert(at, bytes[at]);
                    break;
                default:
                    bytes[at] = Alphabet[random.Next(Alphabet.Length)];
                    break;
            }
        }

        return [.. bytes];
    }
}
