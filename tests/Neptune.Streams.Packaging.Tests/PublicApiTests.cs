using System.Reflection;
using Neptune.Streams.Lambda;
using Neptune.Streams.Lambda.Handlers;
using Neptune.Streams.Packaging.Tests.Support;

namespace Neptune.Streams.Packaging.Tests;

/// <summary>
/// The public surface is deliberate: PublicApiAnalyzers fails the build when it drifts from PublicAPI.*.txt; these
/// checks keep the files in place and the types closed unless users are meant to subclass them.
/// </summary>
public sealed class PublicApiTests
{
    // Users subclass these (NeptuneStreamsException is the base of the library's exceptions; the package's generator
    // writes GeneratedPropertyBinder<T>'s subclasses into users' assemblies); everything else public is sealed, static,
    // an interface, an enum or a struct.
    private static readonly Type[] MeantToBeSubclassed =
    [
        typeof(NeptuneStreamFunction), typeof(GraphEventHandler<>), typeof(Neptune.Streams.Lambda.Idempotency.IdempotentGraphEventHandler),
        typeof(NeptuneStreamsException), typeof(GeneratedPropertyBinder<>),
    ];

    private static readonly Assembly Library = typeof(NeptuneStreamFunction).Assembly;

    [Fact]
    public void The_shipped_and_unshipped_public_API_files_exist()
    {
        Assert.True(File.Exists(Path.Combine(Repository.LibraryDirectory, "PublicAPI.Shipped.txt")));
        Assert.True(File.Exists(Path.Combine(Repository.LibraryDirectory, "PublicAPI.Unshipped.txt")));
    }

    [Fact]
    public void Every_public_type_is_listed_in_the_public_API_files()
    {
        HashSet<string> listed = File.ReadLines(Path.Combine(Repository.LibraryDirectory, "PublicAPI.Shipped.txt"))
            .Concat(File.ReadLines(Path.Combine(Repository.LibraryDirectory, "PublicAPI.Unshipped.txt")))
            .Select(line => line.Trim())
            .ToHashSet(StringComparer.Ordinal);

        string[] missing = Library.GetExportedTypes().Select(ApiName).Where(name => !listed.Contains(name)).ToArray();

        Assert.Empty(missing);
    }

    [Fact]
    public void No_public_class_is_open_to_subclassing_unless_users_are_meant_to_subclass_it()
    {
        string[] open = Library.GetExportedTypes()
            .Where(t => t.IsClass && !t.IsSealed && !(t.IsAbstract && t.IsSealed))
            .Where(t => !MeantToBeSubclassed.Contains(t.IsGenericType ? t.GetGenericTypeDefinition() : t))
            .Select(t => t.FullName!)
            .ToArray();

        Assert.Empty(open);
    }

    [Fact]
    public void The_internals_are_visible_only_to_this_repositorys_assemblies_never_to_a_name_a_users_function_takes()
    {
        // A user's function is named bootstrap when it publishes for provided.al2023 (the template's MyFunction.csproj):
        // InternalsVisibleTo("bootstrap") would open the library's internals to every such function.
        string[] friends = [.. Library.GetCustomAttributes<System.Runtime.CompilerServices.InternalsVisibleToAttribute>().Select(a => a.AssemblyName)];

        Assert.DoesNotContain("bootstrap", friends, StringComparer.OrdinalIgnoreCase);
        Assert.All(friends, name => Assert.True(
            name.StartsWith("Neptune.Streams.", StringComparison.Ordinal) || name == "neptune-stream-pump", $"InternalsVisibleTo {name}"));
    }

    [Fact]
    public void The_types_meant_to_be_subclassed_are_abstract()
    {
        Assert.All(MeantToBeSubclassed, t => Assert.True(t.IsAbstract, $"{t} should be abstract."));
    }

    // The analyzer's spelling of a type: namespace, nesting with dots, generic parameters by name.
    private static string ApiName(Type type)
    {
        string name = type.Name;
        int tick = name.IndexOf('`', StringComparison.Ordinal);
        if (tick >= 0)
        {
            Type[] own = type.GetGenericArguments()[(type.DeclaringType?.GetGenericArguments().Length ?? 0)..];
            name = $"{name[..tick]}<{string.Join(", ", own.Select(a => a.Name))}>";
        }

        return type.DeclaringType is { } outer ? $"{ApiName(outer)}.{name}" : $"{type.Namespace}.{name}";
    }
}
