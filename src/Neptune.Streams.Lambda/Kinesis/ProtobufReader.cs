namespace Neptune.Streams.Lambda.Kinesis;

/// <summary>The few protobuf wire-format reads the KPL format needs; every read is bounds-checked.</summary>
internal struct ProtobufReader(ReadOnlyMemory<byte> data)
{
    public const int Varint = 0;
    public const int Fixed64 = 1;
    public const int LengthDelimited = 2;
    public const int Fixed32 = 5;

    private readonly ReadOnlyMemory<byte> _data = data;
    private int _position;

    public readonly bool End => _position >= _data.Length;

    public bool TryReadTag(out int field, out int wireType)
    {
        field = 0;
        wireType = 0;
        if (!TryReadVarint(out ulong tag) || tag > int.MaxValue || (tag >> 3) == 0)
        {
            return false;
        }

        field = (int)(tag >> 3);
        wireType = (int)(tag & 7);
        return true;
    }

    public bool TryReadVarint(out ulong value)
    {
        value = 0;
        ReadOnlySpan<byte> span = _data.Span;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (_position >= span.Length)
            {
                return false;
            }

            byte b = span[_position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return true;
            }
        }

        return false;
    }

    public bool TryReadBytes(out ReadOnlyMemory<byte> bytes)
    {
        bytes = default;
        if (!TryReadVarint(out ulong length) || length > (ulong)(_data.Length - _position))
        {
            return false;
        }

        bytes = _data.Slice(_position, (int)length);
        _position += (int)length;
        return true;
    }

    public bool TrySkip(int wireType)
    {
        switch (wireType)
        {
            case Varint:
                return TryReadVarint(out _);
            case LengthDelimited:
                return TryReadBytes(out _);
            case Fixed64:
                return Advance(8);
            case Fixed32:
                return Advance(4);
            default:
                return false;
        }
    }

    private bool Advance(int count)
    {
        if (_data.Length - _position < count)
        {
            return false;
        }

        _position += count;
        return true;
    }
}
