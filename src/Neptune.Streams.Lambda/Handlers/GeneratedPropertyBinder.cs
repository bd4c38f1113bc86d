using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Neptune.Streams.Lambda.GraphEvents;

namespace Neptune.Streams.Lambda.Handlers;

/// <summary>
/// Binds an event's new values to <typeparamref name="T"/> in code the package's source generator writes at compile
/// time for each type a <see cref="GraphEventHandler{TProperties}"/> binds: no JSON is written or read. It stands in
/// for System.Text.Json only where the type's <see cref="JsonTypeInfo"/> shows nothing the generator did not see (the
/// same members, no converter, default number and member handling), so both bind the same values alike. Infrastructure
/// for generated code, not for direct use.
/// </summary>
/// <typeparam name="T">The bound type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class GeneratedPropertyBinder<T>
{
    private readonly string[] _names;
    private readonly Type[] _types;
    private readonly int[] _parameterPositions;

    /// <summary>Describes the members the generated <see cref="Bind"/> sets.</summary>
    /// <param name="names">Each member's name, as System.Text.Json names it before any naming policy.</param>
    /// <param name="types">Each member's type.</param>
    /// <param name="parameterPositions">Each member's constructor parameter position, or -1 for a member set after construction.</param>
    protected GeneratedPropertyBinder(string[] names, Type[] types, int[] parameterPositions)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(types);
        ArgumentNullException.ThrowIfNull(parameterPositions);
        if (types.Length != names.Length || parameterPositions.Length != names.Length)
        {
            throw new ArgumentException("One type and one parameter position per member name.", nameof(types));
        }

        _names = names;
        _types = types;
        _parameterPositions = parameterPositions;
    }

    /// <summary>Binds the event's added and changed values.</summary>
    /// <exception cref="JsonException">A value does not fit its member; <see cref="JsonException.Path"/> names it.</exception>
    public abstract T Bind(GraphEvent graphEvent);

    /// <summary>
    /// Why <paramref name="typeInfo"/> would bind differently from this binder, or null when they bind alike.
    /// <paramref name="typeInfo"/> is the case-insensitive metadata the handler binds with.
    /// </summary>
    internal string? Mismatch(JsonTypeInfo typeInfo)
    {
        JsonSerializerOptions options = typeInfo.Options;
#pragma warning disable SYSLIB0020 // IgnoreNullValues is obsolete, not gone: it still changes what binds
        bool ignoreNulls = options.IgnoreNullValues;
#pragma warning restore SYSLIB0020
        // Only metadata straight from a JsonSerializerContext: a resolver chain or modifiers can change a member's
        // converter, setter or the object's factory, none of which the metadata shows.
        string? setting = typeInfo.OriginatingResolver is not JsonSerializerContext || options.TypeInfoResolverChain.Count != 1
                || options.TypeInfoResolver is not JsonSerializerContext ? "not a JsonSerializerContext's own metadata"
            : typeInfo.Kind != JsonTypeInfoKind.Object ? "not an object contract"
            : !options.PropertyNameCaseInsensitive ? "case-sensitive names"
            : options.Converters.Count > 0 ? "converters in the options"
            : options.NumberHandling != JsonNumberHandling.Strict || typeInfo.NumberHandling is not null ? "number handling"
            : options.UnmappedMemberHandling != JsonUnmappedMemberHandling.Skip || typeInfo.UnmappedMemberHandling is not null ? "unmapped member handling"
            : options.RespectNullableAnnotations || options.RespectRequiredConstructorParameters ? "nullable or required parameter checks"
            : !options.AllowDuplicateProperties ? "duplicate properties refused"
            : ignoreNulls ? "null values ignored"
            : options.ReferenceHandler is not null ? "reference handling"
            : options.MaxDepth == 1 ? "max depth" // the values' JSON nests an array in the object: depth 2 (0 means 64)
            // A naming policy that changes more than case could give one member another's name.
            : options.PropertyNamingPolicy is not null && options.PropertyNamingPolicy != JsonNamingPolicy.CamelCase ? "naming policy"
            : options.PreferredObjectCreationHandling != JsonObjectCreationHandling.Replace
                || typeInfo.PreferredPropertyObjectCreationHandling is not null ? "object creation handling"
            : typeInfo.OnDeserializing is not null || typeInfo.OnDeserialized is not null ? "deserialization callbacks"
            : typeInfo.PolymorphismOptions is not null ? "polymorphism"
            : null;
        if (setting is not null)
        {
            return setting;
        }

        int matched = 0;
        foreach (JsonPropertyInfo property in typeInfo.Properties)
        {
            if (property.Set is null && property.AssociatedParameter is null)
            {
                continue; // read-only: the serializer does not bind it either
            }

            int member = Array.FindIndex(_names, n => string.Equals(n, property.Name, StringComparison.OrdinalIgnoreCase));
            if (member < 0 || property.PropertyType != _types[member])
            {
                return $"member {property.Name}";
            }

            if (property.CustomConverter is not null || property.NumberHandling is not null || property.IsRequired
                || property.IsExtensionData || property.ObjectCreationHandling is not null
                || (property.AssociatedParameter?.Position ?? -1) != _parameterPositions[member])
            {
                return $"member {property.Name} configured";
            }

            matched++;
        }

        return matched == _names.Length ? null : "members";
    }
}

/// <summary>Where generated binders register and find the readers they call. Infrastructure for generated code.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GeneratedPropertyBinders
{
    /// <summary>Registers the binder generated for <typeparamref name="T"/> (from a module initializer).</summary>
    public static void Register<T>(GeneratedPropertyBinder<T> binder)
    {
        ArgumentNullException.ThrowIfNull(binder);
        Volatile.Write(ref Slot<T>.Binder, binder);
    }

    /// <summary>A property's single value as <typeparamref name="TValue"/>, as System.Text.Json would read it.</summary>
    /// <exception cref="JsonException">The value does not fit.</exception>
    public static TValue Read<TValue>(PropertyChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return PropertyValueReader.Read<TValue>(change);
    }

    /// <summary>A property's values as an array, as System.Text.Json would read them.</summary>
    /// <exception cref="JsonException">A value does not fit.</exception>
    public static TElement[]? ReadArray<TElement>(PropertyChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return PropertyValueReader.ReadArray<TElement>(change);
    }

    /// <summary>A property's values as a list, as System.Text.Json would read them.</summary>
    /// <exception cref="JsonException">A value does not fit.</exception>
    public static List<TElement>? ReadList<TElement>(PropertyChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return PropertyValueReader.ReadList<TElement>(change);
    }

    /// <summary>The binder registered for <typeparamref name="T"/>, or null.</summary>
    internal static GeneratedPropertyBinder<T>? For<T>() => Volatile.Read(ref Slot<T>.Binder);

    private static class Slot<T>
    {
        public static GeneratedPropertyBinder<T>? Binder;
    }
}
