namespace Neptune.Streams.Chaos;

/// <summary>A seeded random source shared by concurrent lanes.</summary>
public sealed class LockedRandom(int seed)
{
    private readonly Random _random = new(seed);
    private readonly Lock _gate = new();

    /// <summary>A double in [0, 1).</summary>
    public double NextDouble()
    {
        lock (_gate)
        {
            return _random.NextDouble();
        }
    }

    /// <summary>True with probability <paramref name="rate"/>.</summary>
    public bool Chance(double rate) => rate > 0 && NextDouble() < rate;

    /// <summary>A duration between <paramref name="min"/> and <paramref name="max"/>.</summary>
    public TimeSpan Between(TimeSpan min, TimeSpan max) => min + ((max - min) * NextDouble());

    /// <summary>Fills <paramref name="bytes"/>.</summary>
    public void NextBytes(Span<byte> bytes)
    {
        lock (_gate)
        {
            _random.NextBytes(bytes);
        }
    }
}
