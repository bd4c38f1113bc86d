using System.Buffers;

namespace Neptune.Streams.Lambda.Kinesis;

/// <summary>
/// The invocation payload's bytes, read once: the runtime's own buffer when it hands over a
/// <see cref="MemoryStream"/>, otherwise a pooled copy returned on dispose.
/// </summary>
internal sealed class InvocationPayload : IDisposable
{
    private byte[]? _rented;
    private readonly ReadOnlyMemory<byte> _bytes;

    private InvocationPayload(ReadOnlyMemory<byte> bytes, byte[]? rented)
    {
        _bytes = bytes;
        _rented = rented;
    }

    /// <summary>The payload.</summary>
    public ReadOnlySpan<byte> Span => _bytes.Span;

    /// <summary>The payload, valid until <see cref="Dispose"/>.</summary>
    public ReadOnlyMemory<byte> Memory => _bytes;

    /// <summary>Reads <paramref name="input"/> to its end.</summary>
    public static async ValueTask<InvocationPayload> ReadAsync(Stream input, CancellationToken cancellationToken)
    {
        if (input is MemoryStream memory && memory.TryGetBuffer(out ArraySegment<byte> segment))
        {
            int start = segment.Offset + (int)memory.Position;
            int length = (int)(memory.Length - memory.Position);
            memory.Position = memory.Length;
            return new InvocationPayload(segment.Array.AsMemory(start, length), null);
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(input.CanSeek ? (int)Math.Clamp(input.Length - input.Position, 1, int.MaxValue) : 64 * 1024);
        int read = 0;
        try
        {
            while (true)
            {
                if (read == buffer.Length)
                {
                    byte[] larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, read).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                int n = await input.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    return new InvocationPayload(buffer.AsMemory(0, read), buffer);
                }

                read += n;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>Returns the pooled copy, if any.</summary>
    public void Dispose()
    {
        if (_rented is { } rented)
        {
            _rented = null;
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
