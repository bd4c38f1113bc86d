using System.Reflection;
using System.Runtime.Loader;
using Neptune.Streams.Docs.Tests.Snippets;
using Neptune.Streams.Lambda;
using Neptune.Streams.TestSupport;

namespace Neptune.Streams.Docs.Tests;

/// <summary>
/// Every C# block in README.md, the package README (src/Neptune.Streams.Lambda/README.md) and docs/*.md compiles against the libraries as they are, and the README's function
/// example runs on a fixture with its typed handler receiving the bound name.
/// </summary>
/// <remarks>
/// The rules a block follows (for whoever edits the documentation):
/// <list type="number">
/// <item>Blocks fenced <c>```csharp</c> (or <c>```cs</c>, <c>```c#</c>) are compiled; use <c>```text</c> for
/// pseudo-code. No placeholders such as <c>…</c> inside a C# block.</item>
/// <item>Blocks of one document share one namespace (<c>Docs.README</c>, <c>Docs.DocsHosting</c>, …): a later block
/// may use a type an earlier block of the same document declares. Documents do not see each other's types.</item>
/// <item>A block whose first code line declares a type (or an attribute, <c>using</c>, <c>namespace</c>) is compiled
/// as written. A block whose first code line is a member (<c>protected …</c>, <c>private …</c>,
/// <c>public override …</c>) is the body of an abstract <c>NeptuneStreamFunction</c> subclass. Any other block is a list
/// of statements: the body of a static <c>async</c> method. Every block may use the ambient names of
/// <c>Docs.DocScope</c> (<c>builder</c>, <c>queueUrl</c>, <c>loggerFactory</c>, <c>graphEvent</c>,
/// <c>cancellationToken</c> and a few more) without declaring them.</item>
/// <item>Every namespace of Neptune.Streams.Lambda, .Local and .Pump, and the usual System, Microsoft.Extensions and
/// AWS SDK ones, are imported globally; a block needs no <c>using</c> lines.</item>
/// <item>Names the documentation treats as the reader's own code (<c>IMailer</c>, <c>SesMailer</c>,
/// <c>ISearchClient</c>, …) live in <c>Snippets/DocAssumptions.cs</c>: add one there when a new block needs it.</item>
/// <item>README's "Writing a function" block must keep declaring <c>SocialFunction</c> with a typed handler that
/// passes the bound <c>Name</c> to <c>IMailer.SendWelcomeAsync</c>: the test runs it.</item>
/// </list>
/// Errors are reported with the document and line of the block (<c>#line</c>), e.g. <c>README.md(87,9): error CS0246</c>.
/// </remarks>
public sealed class DocumentationSnippetTests
{
    private static readonly Lazy<(byte[]? Assembly, string Errors)> Compiled = new(CompileAll);

    [Fact]
    public void The_documentation_has_csharp_blocks_to_check()
    {
        Assert.Contains(AllSnippets(), s => s.Document == "README.md");
        Assert.Contains(AllSnippets(), s => s.Document.StartsWith("docs/", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_csharp_block_of_the_readme_and_the_docs_compiles()
    {
        Assert.True(Compiled.Value.Assembly is not null, Compiled.Value.Errors);
    }

    [Fact]
    public async Task The_readme_function_runs_on_a_fixture_and_its_typed_handler_gets_the_bound_name()
    {
        byte[] image = Compiled.Value.Assembly ?? throw new InvalidOperationException(Compiled.Value.Errors);
        Assembly snippets = new AssemblyLoadContext("doc-snippets", isCollectible: true).LoadFromStream(new MemoryStream(image));
        Type functionType = snippets.GetType("Docs.README.SocialFunction", throwOnError: true)!;
        var sent = (System.Collections.Concurrent.ConcurrentQueue<string>)snippets.GetType("Docs.SesMailer", throwOnError: true)!
            .GetProperty("Sent")!.GetValue(null)!;

        await using var function = (NeptuneStreamFunction)Activator.CreateInstance(functionType)!;
        function.Override(builder => builder.Options.Metrics.Enabled = false); // options freeze once the function is built
        await using var input = File.OpenRead(Path.Combine(CfnLint.RepositoryRoot, "tests", "fixtures", "pg-json-records-event.json"));
        await using Stream response = await function.FunctionHandler(input);

        Assert.Equal("{\"batchItemFailures\":[]}", await new StreamReader(response).ReadToEndAsync());
        Assert.Contains("a8c4a1f2-3b7e-5c1d-9e2f-4d6b8a0c2e41 Alice 4711:1", sent);
        Assert.DoesNotContain(sent, s => s.Contains("(null)", StringComparison.Ordinal));
    }

    private static (byte[]? Assembly, string Errors) CompileAll()
    {
        var sources = AllSnippets().Select(s => ($"{s.Document}#{s.Index}", s.ToSource())).ToList();
        sources.Add(("DocAssumptions.cs", File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Snippets", "DocAssumptions.cs"))));
        var (assembly, errors) = SnippetCompiler.Compile(sources);
        return (assembly, string.Join(Environment.NewLine, errors.Select(e => e.ToString())));
    }

    private static List<DocSnippet> AllSnippets() =>
        [.. DocumentPaths().SelectMany(d => DocSnippet.Extract(d, File.ReadAllText(Path.Combine(CfnLint.RepositoryRoot, d))))];

    private static IEnumerable<string> DocumentPaths() =>
        new[] { "README.md", "src/Neptune.Streams.Lambda/README.md" }.Concat(Directory.GetFiles(Path.Combine(CfnLint.RepositoryRoot, "docs"), "*.md")
            .Order(StringComparer.Ordinal).Select(p => "docs/" + Path.GetFileName(p)));
}
