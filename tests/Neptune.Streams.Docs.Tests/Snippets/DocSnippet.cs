using System.Text.RegularExpressions;

namespace Neptune.Streams.Docs.Tests.Snippets;

/// <summary>One <c>```csharp</c> block of a Markdown document, and the C# file it becomes.</summary>
internal sealed partial record DocSnippet(string Document, int Line, int Index, string Code)
{
    public string Namespace => "Docs." + DocumentIdentifier(Document);

    public string Name => $"{Document}:{Line}";

    /// <summary>Every <c>```csharp</c> (or <c>```cs</c>, <c>```c#</c>) block of <paramref name="markdown"/>.</summary>
    public static IEnumerable<DocSnippet> Extract(string document, string markdown)
    {
        int index = 0;
        foreach (Match block in Fence().Matches(markdown))
        {
            int line = markdown.AsSpan(0, block.Index).Count('\n') + 1;
            yield return new DocSnippet(document, line, index++, block.Groups["code"].Value);
        }
    }

    /// <summary>The block as a compilable file, by the rules in <c>DocumentationSnippetTests</c>.</summary>
    public string ToSource()
    {
        string firstLine = Code.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith("//", StringComparison.Ordinal)) ?? string.Empty;
        string header = $"namespace {Namespace};\n#line {Line + 1} \"{Document}\"\n";
        if (Declaration().IsMatch(firstLine))
        {
            return header + Code;
        }

        if (Member().IsMatch(firstLine))
        {
            return $"namespace {Namespace};\ninternal abstract class Block{Index} : NeptuneStreamFunction\n{{\n#line {Line + 1} \"{Document}\"\n{Code}\n#line default\n}}\n";
        }

        return $"namespace {Namespace};\ninternal static class Block{Index}\n{{\n    public static async Task<object?> RunAsync()\n    {{\n        await Task.CompletedTask;\n#line {Line + 1} \"{Document}\"\n{Code}\n#line default\n        return null;\n    }}\n}}\n";
    }

    private static string DocumentIdentifier(string document) =>
        string.Concat(Path.ChangeExtension(document, null).Split('/', '-', '.').Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));

    [GeneratedRegex(@"^```(?:csharp|cs|c#|C#)[ \t]*\n(?<code>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Fence();

    [GeneratedRegex(@"^(\[|(public|internal|file|sealed|abstract|static|partial|readonly)\s+.*\b(class|record|struct|interface|enum|delegate)\b|(class|record|struct|interface|enum)\s|using\s+[\w.]+;|namespace\s)")]
    private static partial Regex Declaration();

    [GeneratedRegex(@"^(protected|private|public\s+override|internal\s+override)\s")]
    private static partial Regex Member();
}
