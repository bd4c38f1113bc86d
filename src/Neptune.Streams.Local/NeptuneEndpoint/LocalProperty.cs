namespace Neptune.Streams.Local.NeptuneEndpoint;

/// <summary>One property of a <see cref="LocalElement"/>, encoded as Neptune's stream writes it.</summary>
/// <param name="Name">The property key.</param>
/// <param name="Value">The value: a string, boolean, long, double, or epoch milliseconds for a <c>Date</c>.</param>
/// <param name="DataType">Neptune's data type (<c>String</c>, <c>Integer</c>, <c>Long</c>, <c>Double</c>, <c>Date</c>, …).</param>
public sealed record LocalProperty(string Name, object Value, string DataType);
