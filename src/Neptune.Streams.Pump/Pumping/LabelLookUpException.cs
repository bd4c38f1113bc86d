namespace Neptune.Streams.Pump.Pumping;

/// <summary>The labels of an element change could not be looked up, even after retries; the change must not be forwarded without them.</summary>
internal sealed class LabelLookUpException(string message, Exception inner) : Exception(message, inner);
