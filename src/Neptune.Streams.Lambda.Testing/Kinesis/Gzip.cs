using System.IO.Compression;

namespace Neptune.Streams.Lambda.Testing;

/// <summary>Compresses a payload as a producer that gzips its records does.</summary>
internal static class Gzip
{
    public static byte[] Compress(ReadOnlySpan<byte> data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }
}
