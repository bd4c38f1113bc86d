namespace Neptune.Streams.Lambda.GraphEvents;

/// <summary>How a property value was written in the change record's JSON.</summary>
public enum PropertyValueKind
{
    /// <summary>No value (JSON null or absent).</summary>
    None,

    /// <summary>A JSON string.</summary>
    String,

    /// <summary>A JSON number; <see cref="PropertyValue.Text"/> holds its exact text.</summary>
    Number,

    /// <summary>A JSON boolean.</summary>
    Boolean,
}
