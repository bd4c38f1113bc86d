namespace Neptune.Streams.Lambda.Metrics;

/// <summary>One metric of an EMF document: a name, a unit and one or more values.</summary>
internal readonly record struct Metric(string Name, string Unit, IReadOnlyList<double> Values)
{
    public Metric(string name, string unit, double value)
        : this(name, unit, [value])
    {
    }
}
