using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Neptune.Streams.Lambda.GraphEvents;

namespace Neptune.Streams.Lambda.Handlers;

/// <summary>
/// Binds an event's new property values to a user's type: through the binder the package's source generator wrote for
/// it when the type's metadata agrees with it (<see cref="GeneratedPropertyBinder{T}"/>), else through its
/// source-generated JSON metadata (no reflection either way).
/// Neptune names properties in lower camel case (<c>name</c>) while a C# member is <c>Name</c>: the binder matches
/// names case-insensitively whatever the user's context says, and knows which of an event's properties bind to no
/// member, so that they can be reported instead of vanishing.
/// </summary>
/// <typeparam name="T">The user's type.</typeparam>
internal sealed class PropertyBinder<T>
{
    // Property names reported per type are capped, so a graph with unbounded property names cannot grow memory.
    private const int MaxReportedNames = 1_000;

    private static readonly ConditionalWeakTable<JsonTypeInfo<T>, PropertyBinder<T>> Binders = [];

    private readonly JsonTypeInfo<T> _typeInfo;
    private readonly GeneratedPropertyBinder<T>? _generated;
    private readonly HashSet<string>? _memberNames;
    private readonly ConcurrentDictionary<string, byte> _reported = new(StringComparer.Ordinal);

    private PropertyBinder(JsonTypeInfo<T> typeInfo)
    {
        _typeInfo = CaseInsensitive(typeInfo);
        _memberNames = MemberNames(_typeInfo);
        GeneratedPropertyBinder<T>? generated = GeneratedPropertyBinders.For<T>();
        GeneratedBinderMismatch = generated is null ? "none generated" : generated.Mismatch(_typeInfo);
        _generated = GeneratedBinderMismatch is null ? generated : null;
    }

    /// <summary>Why binding goes through System.Text.Json instead of the generated binder; null when it does not.</summary>
    internal string? GeneratedBinderMismatch { get; }

    /// <summary>The binder of <paramref name="typeInfo"/>, built once per type info.</summary>
    public static PropertyBinder<T> For(JsonTypeInfo<T> typeInfo) => Binders.GetValue(typeInfo, static t => new PropertyBinder<T>(t));

    /// <summary>Binds the event's added and changed values.</summary>
    /// <exception cref="JsonException">A value does not fit its member; <see cref="JsonException.Path"/> names it.</exception>
    public T Bind(GraphEvent graphEvent) =>
        _generated is not null
            ? _generated.Bind(graphEvent)
            : JsonSerializer.Deserialize(EventPropertyJson.Of(graphEvent), _typeInfo)
                ?? throw new JsonException($"The properties of {graphEvent} bound to null.");

    /// <summary>
    /// Counts the event's new properties that bind to no member of <typeparamref name="T"/>, calling
    /// <paramref name="firstSeen"/> the first time each name is seen for this type.
    /// </summary>
    public int CountUnbound<TState>(GraphEvent graphEvent, Action<string, TState> firstSeen, TState state)
    {
        if (_memberNames is null)
        {
            return 0;
        }

        int unbound = 0;
        IReadOnlyList<PropertyChange> properties = graphEvent.Properties;
        for (int i = 0; i < properties.Count; i++)
        {
            PropertyChange change = properties[i];
            if (change.NewValues.Count == 0 || _memberNames.Contains(change.Name))
            {
                continue;
            }

            unbound++;
            if (_reported.Count < MaxReportedNames && _reported.TryAdd(change.Name, 0))
            {
                firstSeen(change.Name, state);
            }
        }

        return unbound;
    }

    private static JsonTypeInfo<T> CaseInsensitive(JsonTypeInfo<T> typeInfo)
    {
        if (typeInfo.Options.PropertyNameCaseInsensitive || typeInfo.Kind != JsonTypeInfoKind.Object)
        {
            return typeInfo;
        }

        try
        {
            // The same resolver (the user's context) and converters, with case-insensitive names: still no reflection.
            var options = new JsonSerializerOptions(typeInfo.Options) { PropertyNameCaseInsensitive = true };
            return options.GetTypeInfo(typeof(T)) as JsonTypeInfo<T> ?? typeInfo;
        }
        catch (Exception ex) when (ex is InvalidOperationException or NotSupportedException)
        {
            // Members whose names differ only by case, or a resolver bound to its own options: exact names it is.
            return typeInfo;
        }
    }

    private static HashSet<string>? MemberNames(JsonTypeInfo<T> typeInfo)
    {
        if (typeInfo.Kind != JsonTypeInfoKind.Object)
        {
            return null; // a dictionary, JsonObject or JsonElement takes every name
        }

        var names = new HashSet<string>(
            typeInfo.Options.PropertyNameCaseInsensitive ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        foreach (JsonPropertyInfo property in typeInfo.Properties)
        {
            if (property.IsExtensionData)
            {
                return null; // [JsonExtensionData] takes every name no member has
            }

            names.Add(property.Name);
        }

        return names;
    }
}
