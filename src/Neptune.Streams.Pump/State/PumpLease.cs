namespace Neptune.Streams.Pump.State;

/// <summary>The right of one pump to forward one Neptune stream, until <see cref="ExpiresAt"/>.</summary>
/// <param name="PumpId">The stream's pump id (items <c>pk = "pump#&lt;id&gt;"</c>).</param>
/// <param name="Owner">Who holds it (unique per pump process).</param>
/// <param name="FencingToken">Grows with every acquisition; a position write carries it, so a pump that lost its lease cannot overwrite a newer pump's position.</param>
/// <param name="ExpiresAt">When another pump may take over unless it is renewed.</param>
public sealed record PumpLease(string PumpId, string Owner, long FencingToken, DateTimeOffset ExpiresAt);
