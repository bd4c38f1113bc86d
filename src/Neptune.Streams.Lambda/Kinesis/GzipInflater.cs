using System.Buffers;
using System.IO.Compression;

namespace Neptune.Streams.Lambda.Kinesis;

/// <summary>Detects and inflates gzip payloads into pooled buffers, refusing to grow past a limit.</summary>
internal static class GzipInflater
{
    /// <summary>True when the bytes start with the gzip magic number and the deflate method (<c>1F 8B 08</c>).</summary>
    public static bool IsGzip(ReadOnlySpan<byte> data) =>
        data.Length >= 3 && data[0] == 0x1F && data[1] == 0x8B && data[2] == 0x08;

    /// <summary>
    /// Inflates <paramref name="compressed"/>; returns null on success or the reason. <paramref name="buffer"/> is
    /// rented from <paramref name="pool"/> (also on failure, when not null) and must be returned by the caller.
    /// </summary>
    public static string? Inflate(ReadOnlyMemory<byte> compressed, int maxBytes, ArrayPool<byte> pool, out byte[]? buffer, out int length)
    {
        length = 0;
        buffer = pool.Rent(Math.Min(maxBytes, Math.Max(4096, compressed.Length * 4)));
        try
        {
            using var source = new ReadOnlyMemoryStream(compressed);
            using var gzip = new GZipStream(source, CompressionMode.Decompress);
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (buffer.Length >= maxBytes)
                    {
                        // One more byte proves the limit is exceeded, not merely reached.
                        Span<byte> probe = stackalloc byte[1];
                        if (gzip.Read(probe) == 0)
                        {
                            return HasIntactTrailer(compressed.Span, length) ? null : "gzip payload is truncated";
                        }

                        return $"gzip payload inflates beyond the {maxBytes}-byte limit";
                    }

                    byte[] larger = pool.Rent((int)Math.Min(maxBytes, (long)buffer.Length * 2));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    pool.Return(buffer);
                    buffer = larger;
                }

                int read = gzip.Read(buffer, length, Math.Min(buffer.Length, maxBytes) - length);
                if (read == 0)
                {
                    return HasIntactTrailer(compressed.Span, length) ? null : "gzip payload is truncated";
                }

                length += read;
            }
        }
        catch (InvalidDataException)
        {
            return "gzip payload is corrupt";
        }
        catch (EndOfStreamException)
        {
            return "gzip payload is truncated";
        }
    }

    // GZipStream ends quietly on some truncated inputs; the trailer's ISIZE (length mod 2^32) catches them.
    private static bool HasIntactTrailer(ReadOnlySpan<byte> compressed, int inflatedLength) =>
        compressed.Length >= 18
        && System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(compressed[^4..]) == (uint)inflatedLength;
}
