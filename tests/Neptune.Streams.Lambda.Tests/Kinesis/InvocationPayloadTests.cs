using System.Runtime.InteropServices;
using Neptune.Streams.Lambda.Kinesis;

namespace Neptune.Streams.Lambda.Tests.Kinesis;

/// <summary>
/// How the invocation payload's bytes are had: the runtime's array itself when the stream is a plain
/// <see cref="MemoryStream"/> (as Lambda's managed runtime passes, <c>new MemoryStream(byte[])</c>), a copy otherwise,
/// and always exactly the bytes from the stream's position to its end.
/// </summary>
public sealed class InvocationPayloadTests
{
    private static readonly byte[] Bytes = [.. Enumerable.Range(0, 200).Select(i => (byte)i)];

    [Fact]
    public async Task RuntimeStyleMemoryStream_IsReadWithoutACopy()
    {
        using var input = new MemoryStream(Bytes); // not publicly visible: TryGetBuffer refuses it
        Assert.False(input.TryGetBuffer(out _));

        using InvocationPayload payload = await InvocationPayload.ReadAsync(input, CancellationToken.None);

        Assert.True(MemoryMarshal.TryGetArray(payload.Memory, out ArraySegment<byte> segment));
        Assert.Same(Bytes, segment.Array);
        Assert.Equal(Bytes, payload.Memory.ToArray());
        Assert.Equal(input.Length, input.Position); // read to its end, as a copy would leave it
    }

    [Fact]
    public async Task MemoryStreamOverPartOfAnArray_FromItsPosition_GivesExactlyThoseBytes()
    {
        using var input = new MemoryStream(Bytes, 10, 100, writable: false);
        input.Position = 7;

        using InvocationPayload payload = await InvocationPayload.ReadAsync(input, CancellationToken.None);

        Assert.Equal(Bytes[17..110], payload.Memory.ToArray());
        Assert.True(MemoryMarshal.TryGetArray(payload.Memory, out ArraySegment<byte> segment));
        Assert.Same(Bytes, segment.Array);
    }

    [Fact]
    public async Task MemoryStreamPositionedAtItsEnd_GivesNoBytes()
    {
        using var input = new MemoryStream(Bytes);
        input.Position = Bytes.Length;

        using InvocationPayload payload = await InvocationPayload.ReadAsync(input, CancellationToken.None);

        Assert.True(payload.Memory.IsEmpty);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task MemoryStreamPositionedBeyondItsEnd_GivesNoBytes(bool publiclyVisible)
    {
        // Seeking past the end is allowed; both ways of taking the buffer read nothing there, as a copy would.
        using var input = new MemoryStream(Bytes, 0, Bytes.Length, writable: true, publiclyVisible) { Position = Bytes.Length + 20 };

        using InvocationPayload payload = await InvocationPayload.ReadAsync(input, CancellationToken.None);

        Assert.True(payload.Memory.IsEmpty);
    }

    [Fact]
    public async Task DerivedMemoryStream_IsCopied_ThroughItsOwnRead()
    {
        // A subclass may override WriteTo or Read: only its reads are trusted.
        using var input = new ShiftedStream(Bytes);

        using InvocationPayload payload = await InvocationPayload.ReadAsync(input, CancellationToken.None);

        Assert.Equal(Bytes.Select(b => (byte)(b + 1)), payload.Memory.ToArray());
    }

    [Fact]
    public async Task OtherStream_IsCopied()
    {
        using var input = new BufferedStream(new MemoryStream(Bytes));

        using InvocationPayload payload = await InvocationPayload.ReadAsync(input, CancellationToken.None);

        Assert.Equal(Bytes, payload.Memory.ToArray());
        Assert.True(MemoryMarshal.TryGetArray(payload.Memory, out ArraySegment<byte> segment));
        Assert.NotSame(Bytes, segment.Array);
    }

    /// <summary>A MemoryStream whose reads give each byte plus one; its WriteTo is the base one.</summary>
    private sealed class ShiftedStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            byte[] read = new byte[buffer.Length];
            int count = base.Read(read, 0, read.Length);
            for (int i = 0; i < count; i++)
            {
                buffer.Span[i] = (byte)(read[i] + 1);
            }

            return ValueTask.FromResult(count);
        }
    }
}
