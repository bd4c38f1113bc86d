namespace Neptune.Streams.Local.Pipeline;

/// <summary>What happened in the local pipeline.</summary>
public enum PipelineActivityKind
{
    /// <summary>The writer changed the graph (one transaction).</summary>
    GraphChanged,

    /// <summary>The pump wrote records to Kinesis.</summary>
    Pumped,

    /// <summary>The function was invoked with a batch.</summary>
    Invoked,

    /// <summary>Records were given up by the event source mapping.</summary>
    GaveUp,
}
