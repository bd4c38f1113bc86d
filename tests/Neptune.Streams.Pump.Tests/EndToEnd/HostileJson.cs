using System.Text.Json.Serialization;

namespace Neptune.Streams.Pump.Tests.EndToEnd;

/// <summary>The source-generated metadata the typed handler of <see cref="HostileWritesFunction"/> binds with.</summary>
[JsonSerializable(typeof(HostileWritesFunction.Scored))]
internal sealed partial class HostileJson : JsonSerializerContext;
