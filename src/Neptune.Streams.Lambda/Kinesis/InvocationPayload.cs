using System.Buffers;

namespace Neptune.Streams.Lambda.Kinesis;

/// <summary>
/// The invocation payload's bytes, read once: the runtime's own buffer when it hands over a
/// <see cref="MemoryStream"/>, otherwise a pooled copy returned on dispose. The runtime's buffer is used in place: its
/// owner must not change it while the invocation lasts (Lambda's runtime reads a new array for each invocation).
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
            int start = segment.Offset + (int)Math.Min(memory.Position, memory.Length);
            int length = (int)Math.Max(0, memory.Length - memory.Position);
            memory.Position = memory.Length;
            return new InvocationPayload(segment.Array.AsMemory(start, length), null);
        }

        if (input.GetType() == typeof(MemoryStream) && BufferCapture.TryGetBuffer((MemoryStream)input, out ReadOnlyMemory<byte> whole))
        {
            // Lambda's managed runtime hands over new MemoryStream(byte[]), whose TryGetBuffer refuses: without this,
            // a 6 MB batch was copied once before it was read.
            input.Position = input.Length;
            return new InvocationPayload(whole, null);
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

    /// <summary>
    /// Takes the array a <see cref="MemoryStream"/> holds without copying it: <see cref="MemoryStream.WriteTo"/> writes
    /// its whole content to the target in one <see cref="Stream.Write(byte[], int, int)"/> call with its own array (in
    /// every .NET version), and this target keeps that segment instead of copying it. Anything else (several writes, a
    /// span) is refused, and the caller copies as before.
    /// </summary>
    private sealed class BufferCapture : Stream
    {
        private ArraySegment<byte> Segment { get; set; }

        private int Writes { get; set; }

        /// <summary>The stream's bytes from its position on; false when they cannot be had without copying.</summary>
        public static bool TryGetBuffer(MemoryStream stream, out ReadOnlyMemory<byte> bytes)
        {
            var capture = new BufferCapture();
            long position = stream.Position;
            stream.WriteTo(capture);
            if (capture.Writes != 1 || capture.Segment.Count != stream.Length || position > stream.Length)
            {
                bytes = default;
                return false;
            }

            bytes = capture.Segment.AsMemory((int)position);
            return true;
        }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count)
        {
            Segment = new ArraySegment<byte>(buffer, offset, count);
            Writes++;
        }

        public override void Write(ReadOnlySpan<byte> buffer) => Writes = int.MaxValue; // not an array to keep

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
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
