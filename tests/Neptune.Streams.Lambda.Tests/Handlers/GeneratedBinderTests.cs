using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Handlers;
using Neptune.Streams.Lambda.Kinesis;

namespace Neptune.Streams.Lambda.Tests.Handlers;

/// <summary>
/// The package's generator writes a binder for each type a typed handler binds; the handler uses it only where the
/// type's System.Text.Json metadata agrees with it, and then it binds every value exactly as System.Text.Json binds
/// the JSON of the same values: the same member values, or a JsonException naming the same property.
/// </summary>
public sealed class GeneratedBinderTests
{
    private static readonly string[] Numbers =
    [
        "0", "-0", "1", "42", "-7", "127", "128", "255", "256", "-129", "32767", "32768", "65535", "65536", "2147483647",
        "2147483648", "-2147483649", "4294967295", "9223372036854775807", "9223372036854775808", "18446744073709551615",
        "18446744073709551616", "1.5", "-1.25e+2", "1e3", "1E-2", "0.1", "3.4028235E+38", "3.5E+38", "1e400", "-1e400",
        "79228162514264337593543950335", "79228162514264337593543950336", "0.0000000000000000000000000001", "1.0", "12345678901234567890.5",
        " 7 ", "00", "01", "+5", ".5", "5.", "NaN", "Infinity", "-", "1,5", "0x1F",
    ];

    private static readonly string[] Texts =
    [
        "true", "false", "True", "TRUE", "yes", "1990-04-12T00:00:00Z", "1990-04-12", "2020-01-01T10:20:30.1234567+02:00",
        "2020-01-01T10:20:30.5-05:30", "1718010902113", "-62135596800001", "253402300799999", "not a date", "2020-13-01",
        "0f8fad5b-d9cb-469f-a165-70867728950e", "{0F8FAD5B-D9CB-469F-A165-70867728950E}", "0f8fad5bd9cb469fa16570867728950e",
        "Lea", "", " ", "say \"hi\"", "back\\slash", "tab\tline\nend", "\u0001", "é", "日本", "🙂", "<&'>",
    ];

    private static readonly string?[] DataTypes =
        [null, "String", "Int", "Long", "Double", "Float", "Boolean", "Bool", "Date", "Decimal", "Byte", "Short", "Integer", "Mystery"];

    [Fact]
    public void HandlerTypes_GetAGeneratedBinderTheirMetadataAccepts()
    {
        Assert.Null(PropertyBinder<AllKinds>.For(GeneratedBinderJson.Default.AllKinds).GeneratedBinderMismatch);
        Assert.Null(PropertyBinder<Settable>.For(GeneratedBinderJson.Default.Settable).GeneratedBinderMismatch);
        Assert.Null(PropertyBinder<InitOnly>.For(GeneratedBinderJson.Default.InitOnly).GeneratedBinderMismatch);

        // The README's shape, with a context that names nothing: Neptune's lower camel case binds all the same.
        Assert.Null(PropertyBinder<Profile>.For(PlainJsonContext.Default.Profile).GeneratedBinderMismatch);
    }

    [Fact]
    public void TypesTheGeneratorLeavesToSystemTextJson_HaveNoBinder()
    {
        Assert.Null(GeneratedPropertyBinders.For<Renamed>());
        Assert.Null(GeneratedPropertyBinders.For<WithRequired>());
        Assert.Null(GeneratedPropertyBinders.For<LooseAge>()); // an object member

        // Types whose binder would not compile in the user's build, or would set another member: this file compiles.
        Assert.Null(GeneratedPropertyBinders.For<HidesCode>());
        Assert.Null(GeneratedPropertyBinders.For<WithDateDefault>());
        Assert.Null(GeneratedPropertyBinders.For<ExperimentalMember>());
    }

    [Fact]
    public void MetadataThatBindsDifferently_KeepsBindingThroughJson()
    {
        var snakeCase = new JsonSerializerOptions(GeneratedBinderJson.Default.Options)
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        };
        var lenientNumbers = new JsonSerializerOptions(GeneratedBinderJson.Default.Options)
        {
            NumberHandling = JsonNumberHandling.AllowReadingFromString,
        };
        var converters = new JsonSerializerOptions(GeneratedBinderJson.Default.Options);
        converters.Converters.Add(new JsonStringEnumConverter());

        Assert.Equal("naming policy", Mismatch<Settable>(snakeCase));
        Assert.Equal("number handling", Mismatch<Settable>(lenientNumbers));
        Assert.Equal("converters in the options", Mismatch<Settable>(converters));

        // Bound through JSON, the lenient options read a number written as text, which the generated binder refuses.
        GraphEvent graphEvent = Event(Change("maxScore", new PropertyValue("12", PropertyValueKind.String, null)));
        var binder = PropertyBinder<Settable>.For((JsonTypeInfo<Settable>)lenientNumbers.GetTypeInfo(typeof(Settable)));
        Assert.Equal(12, binder.Bind(graphEvent).MaxScore);
    }

    [Fact]
    public void MetadataFromAnythingButTheContextItself_KeepsBindingThroughJson()
    {
        // A resolver chain or a modifier can swap a member's converter, setter or the object's factory unseen.
        var combined = new JsonSerializerOptions { TypeInfoResolver = JsonTypeInfoResolver.Combine(GeneratedBinderJson.Default, PlainJsonContext.Default) };
        var modified = new JsonSerializerOptions { TypeInfoResolver = GeneratedBinderJson.Default.WithAddedModifier(static _ => { }) };
#pragma warning disable SYSLIB0020 // obsolete, still honoured: a null keeps the member's initializer
        var ignoringNulls = new JsonSerializerOptions(GeneratedBinderJson.Default.Options) { IgnoreNullValues = true };
#pragma warning restore SYSLIB0020
        var preserving = new JsonSerializerOptions(GeneratedBinderJson.Default.Options) { ReferenceHandler = ReferenceHandler.Preserve };

        Assert.Equal("not a JsonSerializerContext's own metadata", Mismatch<Settable>(combined));
        Assert.Equal("not a JsonSerializerContext's own metadata", Mismatch<Settable>(modified));
        Assert.Equal("null values ignored", Mismatch<Settable>(ignoringNulls));
        Assert.Equal("reference handling", Mismatch<Settable>(preserving));
        var shallow = new JsonSerializerOptions(GeneratedBinderJson.Default.Options) { MaxDepth = 1 };
        Assert.Equal("max depth", Mismatch<Settable>(shallow));

        // Through JSON, depth 1 refuses a property with several values (an array in the object); so binding still does.
        GraphEvent readings = Event(Change("readings", new PropertyValue("1", PropertyValueKind.Number, null), new PropertyValue("2", PropertyValueKind.Number, null)));
        Assert.Throws<JsonException>(() => PropertyBinder<Settable>.For((JsonTypeInfo<Settable>)shallow.GetTypeInfo(typeof(Settable))).Bind(readings));
        Assert.Null(Mismatch<Settable>(new JsonSerializerOptions(GeneratedBinderJson.Default.Options) { PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
    }

    [Fact]
    public void TypesAUserMayWrite_CompileAndBind()
    {
        // Obsolete members, constructor defaults that are no literal, init-only members inherited from a base class.
        Assert.Null(PropertyBinder<Legacy>.For(GeneratedBinderJson.Default.Legacy).GeneratedBinderMismatch);
        Assert.Null(PropertyBinder<OddDefaults>.For(GeneratedBinderJson.Default.OddDefaults).GeneratedBinderMismatch);
        Assert.Null(PropertyBinder<DerivedInit>.For(GeneratedBinderJson.Default.DerivedInit).GeneratedBinderMismatch);

        OddDefaults bound = GeneratedPropertyBinders.For<OddDefaults>()!.Bind(Event(Change("name", new PropertyValue("x", PropertyValueKind.String, null))));
        Assert.True(double.IsNaN(bound.Score));
        Assert.Equal(float.NegativeInfinity, bound.Floor);
        Assert.Equal(1.5m, bound.Price);
    }

    [Fact]
    public void LoneSurrogate_BindsAsTheJsonWriterWritesIt()
    {
        // Not from Neptune (the record readers refuse it), but a test's own PropertyValue may carry one.
        GraphEvent graphEvent = Event(Change("name", new PropertyValue("a\ud800b", PropertyValueKind.String, null)));

        Settable json = JsonSerializer.Deserialize(EventPropertyJson.Of(graphEvent), GeneratedBinderJson.Default.Settable)!;
        Settable generated = GeneratedPropertyBinders.For<Settable>()!.Bind(graphEvent);

        Assert.Equal("a\ufffdb", json.Name);
        Assert.Equal(json.Name, generated.Name);
    }

    [Fact]
    public void MissingProperties_KeepConstructorDefaultsAndSetterInitializers()
    {
        GraphEvent graphEvent = Event(Change("text", new PropertyValue("x", PropertyValueKind.String, null)));

        AllKinds bound = GeneratedPropertyBinders.For<AllKinds>()!.Bind(graphEvent);

        Assert.Equal(42, bound.Defaulted);
        Assert.Equal("initial", bound.Note);
        Assert.Null(bound.Version); // as System.Text.Json binds it: an init-only member missing gets its type's default
        Assert.Equal("x", bound.Text);
    }

    [Fact]
    public void EveryValue_BindsAsSystemTextJsonBindsItsJson_ThroughAConstructor() => BindAlike(GeneratedBinderJson.Default.AllKinds, 20_000);

    [Fact]
    public void EveryValue_BindsAsSystemTextJsonBindsItsJson_ThroughSetters() => BindAlike(GeneratedBinderJson.Default.Settable, 5_000);

    [Fact]
    public void EveryValue_BindsAsSystemTextJsonBindsItsJson_ThroughInitOnlySetters() => BindAlike(GeneratedBinderJson.Default.InitOnly, 5_000);

    // Random events (names in any case, repeated names, unknown names, every value kind and data type, several values)
    // bound both ways: the same member values, or a JsonException naming the same property first.
    private static void BindAlike<T>(JsonTypeInfo<T> json, int rounds)
    {
        var random = new Random(20261202);
        string[] names = [.. typeof(T).GetProperties().Select(p => p.Name), "unknown", "label"];
        GeneratedPropertyBinder<T> generated = GeneratedPropertyBinders.For<T>()!;
        JsonTypeInfo<T> comparable = Comparable(json);
        int bound = 0;
        for (int round = 0; round < rounds; round++)
        {
            var changes = new List<PropertyChange>();
            for (int p = random.Next(1, 5); p > 0; p--)
            {
                string name = names[random.Next(names.Length)];
                name = random.Next(3) switch { 0 => name, 1 => char.ToLowerInvariant(name[0]) + name[1..], _ => name.ToUpperInvariant() };
                changes.Add(Change(name, [.. Enumerable.Range(0, random.Next(4) == 0 ? random.Next(0, 4) : 1).Select(_ => Value(random))]));
            }

            GraphEvent graphEvent = Event([.. changes]);
            (string? expected, string? expectedError) = Outcome(() => JsonSerializer.Deserialize(EventPropertyJson.Of(graphEvent), json)!, comparable);
            (string? actual, string? actualError) = Outcome(() => generated.Bind(graphEvent), comparable);

            string values = string.Join(", ", changes.Select(c => $"{c.Name}=[{string.Join("|", c.NewValues.Select(v => $"{v.Kind}:{v.DataType}:{v.Text}"))}]"));
            Assert.True(expectedError == actualError, $"{values}: System.Text.Json {expectedError ?? "bound"}, generated {actualError ?? "bound"}");
            Assert.True(expected == actual, $"{values}:\n{expected}\n{actual}");
            bound += expectedError is null ? 1 : 0;
        }

        // Both outcomes were exercised many times.
        Assert.InRange(bound, rounds / 20, rounds - (rounds / 20));
    }

    private static (string? Result, string? Error) Outcome<T>(Func<T> bind, JsonTypeInfo<T> comparable)
    {
        try
        {
            return (JsonSerializer.Serialize(bind(), comparable), null);
        }
        catch (JsonException ex)
        {
            // The property the error names (STJ names an element of an array member by index, and an array given
            // to a scalar member either way): the same property must fail first.
            string path = ex.Path ?? "(none)";
            int end = path.IndexOf('[', StringComparison.Ordinal);
            return (null, end < 0 ? path : path[..end]);
        }
    }

    // Written to compare: System.Text.Json reads 3.5E+38 into a float as infinity, which only this writes.
    private static JsonTypeInfo<T> Comparable<T>(JsonTypeInfo<T> json) => (JsonTypeInfo<T>)new JsonSerializerOptions(json.Options)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    }.GetTypeInfo(typeof(T));

    private static PropertyValue Value(Random random)
    {
        int pick = random.Next(10);
        string? dataType = DataTypes[random.Next(DataTypes.Length)];
        return pick switch
        {
            0 => new PropertyValue(null, PropertyValueKind.None, dataType),
            1 or 2 or 3 => new PropertyValue(Numbers[random.Next(Numbers.Length)], PropertyValueKind.Number, dataType),
            4 => new PropertyValue(random.Next(2) == 0 ? "true" : "false", PropertyValueKind.Boolean, dataType),
            5 or 6 => new PropertyValue(Numbers[random.Next(Numbers.Length)], PropertyValueKind.String, dataType),
            _ => new PropertyValue(Texts[random.Next(Texts.Length)], PropertyValueKind.String, dataType),
        };
    }

    private static string? Mismatch<T>(JsonSerializerOptions options)
    {
        options.PropertyNameCaseInsensitive = true;
        return GeneratedPropertyBinders.For<T>()!.Mismatch(options.GetTypeInfo(typeof(T)));
    }

    private static PropertyChange Change(string name, params PropertyValue[] values) => new(name, oldValues: null, values);

    private static GraphEvent Event(params PropertyChange[] changes) =>
        new(GraphEventKind.VertexAdded, "v1", ["person"], null, null, changes, statement: null, new NeptuneEventId(1, 1),
            new NeptuneEventId(1, changes.Length + 1), commitTimestamp: null, new KinesisPosition("shardId-000000000000", "1", -1, "pk"));

    // Handlers that make the generator write binders for the types above (it looks for GraphEventHandler<T>).
    private sealed class AllKindsHandler() : GraphEventHandler<AllKinds>(GeneratedBinderJson.Default.AllKinds)
    {
        protected override ValueTask HandleAsync(GraphEvent graphEvent, AllKinds properties, GraphEventContext context, CancellationToken cancellationToken) => default;
    }

    private sealed class SettableHandler() : GraphEventHandler<Settable>(GeneratedBinderJson.Default.Settable)
    {
        protected override ValueTask HandleAsync(GraphEvent graphEvent, Settable properties, GraphEventContext context, CancellationToken cancellationToken) => default;
    }

    private sealed class InitOnlyHandler() : GraphEventHandler<InitOnly>(GeneratedBinderJson.Default.InitOnly)
    {
        protected override ValueTask HandleAsync(GraphEvent graphEvent, InitOnly properties, GraphEventContext context, CancellationToken cancellationToken) => default;
    }

    private sealed class LegacyHandler() : GraphEventHandler<Legacy>(GeneratedBinderJson.Default.Legacy)
    {
        protected override ValueTask HandleAsync(GraphEvent graphEvent, Legacy properties, GraphEventContext context, CancellationToken cancellationToken) => default;
    }

    private sealed class OddDefaultsHandler() : GraphEventHandler<OddDefaults>(GeneratedBinderJson.Default.OddDefaults)
    {
        protected override ValueTask HandleAsync(GraphEvent graphEvent, OddDefaults properties, GraphEventContext context, CancellationToken cancellationToken) => default;
    }

    private sealed class DerivedInitHandler() : GraphEventHandler<DerivedInit>(GeneratedBinderJson.Default.DerivedInit)
    {
        protected override ValueTask HandleAsync(GraphEvent graphEvent, DerivedInit properties, GraphEventContext context, CancellationToken cancellationToken) => default;
    }

    private sealed class HidesCodeHandler() : GraphEventHandler<HidesCode>(Reflected<HidesCode>())
    {
        protected override ValueTask HandleAsync(GraphEvent graphEvent, HidesCode properties, GraphEventContext context, CancellationToken cancellationToken) => default;
    }

    private sealed class WithDateDefaultHandler() : GraphEventHandler<WithDateDefault>(Reflected<WithDateDefault>())
    {
        protected override ValueTask HandleAsync(GraphEvent graphEvent, WithDateDefault properties, GraphEventContext context, CancellationToken cancellationToken) => default;
    }

    private sealed class ExperimentalMemberHandler() : GraphEventHandler<ExperimentalMember>(Reflected<ExperimentalMember>())
    {
        protected override ValueTask HandleAsync(GraphEvent graphEvent, ExperimentalMember properties, GraphEventContext context, CancellationToken cancellationToken) => default;
    }

    // Reflection metadata (tests only): System.Text.Json's own generator cannot take some of these types either.
    private static JsonTypeInfo<T> Reflected<T>() => (JsonTypeInfo<T>)JsonSerializerOptions.Default.GetTypeInfo(typeof(T));

    private sealed class RenamedHandler() : GraphEventHandler<Renamed>(GeneratedBinderJson.Default.Renamed)
    {
        protected override ValueTask HandleAsync(GraphEvent graphEvent, Renamed properties, GraphEventContext context, CancellationToken cancellationToken) => default;
    }

    private sealed class WithRequiredHandler() : GraphEventHandler<WithRequired>(GeneratedBinderJson.Default.WithRequired)
    {
        protected override ValueTask HandleAsync(GraphEvent graphEvent, WithRequired properties, GraphEventContext context, CancellationToken cancellationToken) => default;
    }
}

/// <summary>Every member type the generated binder reads: constructor parameters, a default, a setter, an init-only setter.</summary>
internal sealed record AllKinds(
    string? Text, int Count, int? MaybeCount, long Big, double Ratio, decimal Price, float Small, short Tiny, byte Octet, sbyte Signed,
    ushort UShort, uint UInt, ulong ULong, bool Flag, bool? MaybeFlag, DateTimeOffset When, DateTime Day, DateTime? MaybeDay, Guid Key,
    Guid? MaybeKey, string[]? Tags, List<int>? Scores, IReadOnlyList<DateTimeOffset?>? Dates, int Defaulted = 42)
{
    public string? Note { get; set; } = "initial";

    public long? Version { get; init; } = 7;

    public IEnumerable<bool>? Flags { get; set; }
}

/// <summary>A class with a parameterless constructor and setters (one named like a keyword).</summary>
internal sealed class Settable
{
    public string? Name { get; set; }

    public int MaxScore { get; set; }

    public double[]? Readings { get; set; }

    // A member named like a keyword: the generated code writes it @class.
    public string? @class { get; set; }
}

/// <summary>A class with a parameterless constructor and init-only setters.</summary>
internal sealed class InitOnly
{
    public string? Name { get; init; } = "nobody";

    public int Age { get; init; }

    public string? City { get; set; } = "nowhere";
}

/// <summary>Obsolete members: System.Text.Json binds them, and the generated binder compiles calling them.</summary>
internal sealed class Legacy
{
    [Obsolete("Use FullName.")]
    public string? Name { get; set; }

    [Obsolete]
    public string? FullName { get; set; }
}

/// <summary>Constructor defaults that are no C# literal.</summary>
internal sealed record OddDefaults(string? Name, double Score = double.NaN, float Floor = float.NegativeInfinity, decimal Price = 1.5m);

/// <summary>Init-only members declared on a base class and on the bound class.</summary>
internal class BaseInit
{
    public string? Name { get; init; }
}

/// <summary>The bound class.</summary>
internal sealed class DerivedInit : BaseInit
{
    public int Age { get; init; }
}

/// <summary>A base class whose public member the bound class hides with an internal one.</summary>
internal class BaseCode
{
    public string? Code { get; set; }
}

/// <summary>Code written against this type would set the hiding member (System.Text.Json sets the base one).</summary>
internal sealed class HidesCode : BaseCode
{
    internal new int Code { get; set; }

    public string? Name { get; set; }
}

/// <summary>A constructor default C# has no literal for (as a VB <c>Optional d As Date = #1/1/2000#</c> compiles).</summary>
internal sealed class WithDateDefault
{
    public WithDateDefault(string? name, [System.Runtime.InteropServices.Optional, System.Runtime.CompilerServices.DateTimeConstant(630822816000000000)] DateTime since)
    {
        Name = name;
        Since = since;
    }

    public string? Name { get; }

    public DateTime Since { get; }
}

/// <summary>An experimental member: any use outside it is an error.</summary>
internal sealed class ExperimentalMember
{
    [System.Diagnostics.CodeAnalysis.Experimental("NSLTEST001")]
    public string? Name { get; set; }
}

/// <summary>A System.Text.Json attribute: the generator leaves the type to System.Text.Json.</summary>
internal sealed record Renamed([property: JsonPropertyName("full_name")] string? Name);

/// <summary>A required member: System.Text.Json refuses an event without it, so the generator leaves the type alone.</summary>
internal sealed class WithRequired
{
    public required string Name { get; init; }
}

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(AllKinds))]
[JsonSerializable(typeof(Settable))]
[JsonSerializable(typeof(InitOnly))]
[JsonSerializable(typeof(Legacy))]
[JsonSerializable(typeof(OddDefaults))]
[JsonSerializable(typeof(DerivedInit))]
[JsonSerializable(typeof(Renamed))]
[JsonSerializable(typeof(WithRequired))]
internal sealed partial class GeneratedBinderJson : JsonSerializerContext;
