using System.Reflection;
using System.Reflection.PortableExecutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Neptune.Streams.Docs.Tests.Snippets;

/// <summary>
/// Compiles C# sources in process against the framework and the libraries next to the tests, with the
/// System.Text.Json source generator (the one the SDK runs) so that <c>JsonSerializerContext</c> blocks work.
/// </summary>
internal static class SnippetCompiler
{
    /// <summary>What every snippet may use without a <c>using</c>.</summary>
    private static readonly string[] FrameworkNamespaces =
    [
        "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading",
        "System.Threading.Tasks", "System.Text.Json", "System.Text.Json.Serialization", "Microsoft.Extensions.DependencyInjection",
        "Microsoft.Extensions.Logging", "Amazon.DynamoDBv2", "Amazon.Runtime", "Amazon.Runtime.Credentials", "Docs",
        "OpenTelemetry", "OpenTelemetry.Trace", "OpenTelemetry.Exporter",
    ];

    private static readonly string[] LibraryAssemblies = ["Neptune.Streams.Lambda", "Neptune.Streams.Lambda.Testing", "Neptune.Streams.Local", "Neptune.Streams.Pump"];

    public static (byte[]? Assembly, IReadOnlyList<Diagnostic> Errors) Compile(IEnumerable<(string Path, string Source)> sources)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Preview);
        var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Source, parse, s.Path)).ToList();
        trees.Add(CSharpSyntaxTree.ParseText(GlobalUsings(), parse, "GlobalUsings.g.cs"));

        var compilation = CSharpCompilation.Create(
            "DocSnippets",
            trees,
            References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        GeneratorDriver driver = CSharpGeneratorDriver.Create([.. JsonSourceGenerators()], parseOptions: parse);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation generated, out _);

        using var output = new MemoryStream();
        var result = generated.Emit(output);
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        return (result.Success ? output.ToArray() : null, errors);
    }

    private static string GlobalUsings()
    {
        var namespaces = new SortedSet<string>(FrameworkNamespaces, StringComparer.Ordinal);
        foreach (string name in LibraryAssemblies)
        {
            foreach (Type type in Assembly.Load(name).GetExportedTypes())
            {
                if (type.Namespace is { } ns)
                {
                    namespaces.Add(ns);
                }
            }
        }

        return string.Concat(namespaces.Select(ns => $"global using {ns};\n")) + "global using static Docs.DocScope;\n";
    }

    private static List<MetadataReference> References()
    {
        var byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string platform = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        foreach (string path in platform.Split(Path.PathSeparator).Concat(Directory.GetFiles(AppContext.BaseDirectory, "*.dll")))
        {
            string name = Path.GetFileNameWithoutExtension(path);
            if (!byName.ContainsKey(name) && IsManaged(path))
            {
                byName[name] = path;
            }
        }

        return [.. byName.Values.Select(p => MetadataReference.CreateFromFile(p))];
    }

    private static bool IsManaged(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new PEReader(stream);
            return reader.HasMetadata;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }

    /// <summary>System.Text.Json's generator from the targeting pack of the running runtime (or the newest one).</summary>
    private static System.Collections.Immutable.ImmutableArray<ISourceGenerator> JsonSourceGenerators()
    {
        string dotnetRoot = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));
        string packs = Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref");
        string version = Environment.Version.ToString(3);
        string dir = Directory.Exists(Path.Combine(packs, version))
            ? Path.Combine(packs, version)
            : Directory.GetDirectories(packs).OrderBy(d => Version.TryParse(Path.GetFileName(d), out var v) ? v : new Version()).Last();
        string generator = Path.Combine(dir, "analyzers", "dotnet", "cs", "System.Text.Json.SourceGeneration.dll");
        var reference = new AnalyzerFileReference(generator, new Loader());
        return reference.GetGenerators(LanguageNames.CSharp);
    }

    private sealed class Loader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
    }
}
