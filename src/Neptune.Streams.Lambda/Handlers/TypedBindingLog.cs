using Microsoft.Extensions.Logging;

namespace Neptune.Streams.Lambda.Handlers;

/// <summary>What typed binding logs: property and type names only, never values.</summary>
internal static partial class TypedBindingLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Property {Property} binds to no member of {Type}: its values do not reach the handler (logged once per type and property, counted in the UnboundProperties metric)")]
    public static partial void UnboundProperty(ILogger logger, string property, string type);
}
