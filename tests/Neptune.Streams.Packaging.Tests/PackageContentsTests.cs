using System.IO.Compression;
using System.Xml.Linq;
using Neptune.Streams.Packaging.Tests.Support;

namespace Neptune.Streams.Packaging.Tests;

[Collection(PackagingCollection.Name)]
public sealed class PackageContentsTests(PackagedFeed feed)
{
    [Fact]
    public void The_library_package_carries_its_assembly_xml_docs_readme_and_metadata()
    {
        using ZipArchive package = ZipFile.OpenRead(feed.LibraryPackage);
        string[] entries = package.Entries.Select(e => e.FullName).ToArray();

        Assert.Contains("lib/net10.0/Neptune.Streams.Lambda.dll", entries);
        Assert.Contains("lib/net10.0/Neptune.Streams.Lambda.xml", entries);
        Assert.Contains("README.md", entries);
        // The binder generator, where compilers look for it in a package (and nowhere a project would reference it).
        Assert.Contains("analyzers/dotnet/cs/Neptune.Streams.Lambda.Generators.dll", entries);
        Assert.DoesNotContain("lib/net10.0/Neptune.Streams.Lambda.Generators.dll", entries);

        XElement metadata = ReadNuspecMetadata(package);
        Assert.Equal("Neptune.Streams.Lambda", Value(metadata, "id"));
        Assert.Equal(feed.Version, Value(metadata, "version"));
        Assert.Equal("Apache-2.0", Value(metadata, "license"));
        Assert.Equal("README.md", Value(metadata, "readme"));
        Assert.False(string.IsNullOrWhiteSpace(Value(metadata, "description")));
        // SourceLink: the repository and the commit the package was built from.
        XElement repository = Assert.Single(metadata.Elements(), e => e.Name.LocalName == "repository");
        Assert.Equal("git", repository.Attribute("type")?.Value);
        Assert.False(string.IsNullOrEmpty(repository.Attribute("commit")?.Value));
    }

    [Fact]
    public void The_library_package_readme_is_its_own_short_readme_with_no_link_nuget_org_cannot_follow()
    {
        using ZipArchive package = ZipFile.OpenRead(feed.LibraryPackage);
        using var reader = new StreamReader(package.GetEntry("README.md")!.Open());
        string packed = reader.ReadToEnd();

        Assert.Equal(File.ReadAllText(Path.Combine(CfnLint.RepositoryRoot, "src", "Neptune.Streams.Lambda", "README.md")), packed);
        Assert.True(packed.Split('\n').Length <= 80, $"The package README has {packed.Split('\n').Length} lines; nuget.org shows it whole, keep it short.");
        Assert.Contains("dotnet add package Neptune.Streams.Lambda", packed, StringComparison.Ordinal);
        // nuget.org renders the README alone: a relative link or image would point nowhere.
        Assert.DoesNotMatch(@"\]\((?!https://)[^)]*\)", packed);
    }

    [Fact]
    public void The_testing_package_carries_its_assembly_docs_and_readme_and_depends_on_the_library_of_its_version()
    {
        using ZipArchive package = ZipFile.OpenRead(feed.TestingPackage);
        string[] entries = package.Entries.Select(e => e.FullName).ToArray();

        Assert.Contains("lib/net10.0/Neptune.Streams.Lambda.Testing.dll", entries);
        Assert.Contains("lib/net10.0/Neptune.Streams.Lambda.Testing.xml", entries);
        Assert.Contains("README.md", entries);
        XElement metadata = ReadNuspecMetadata(package);
        Assert.Equal("Neptune.Streams.Lambda.Testing", Value(metadata, "id"));
        Assert.Equal(feed.Version, Value(metadata, "version"));
        Assert.Equal("README.md", Value(metadata, "readme"));
        // It reaches into the library's internals (InternalsVisibleTo), so it must come with the library it was built with.
        XElement dependency = Assert.Single(metadata.Descendants(), e => e.Name.LocalName == "dependency" && e.Attribute("id")?.Value == "Neptune.Streams.Lambda");
        Assert.Equal($"[{feed.Version}]", dependency.Attribute("version")?.Value);
    }

    [Fact]
    public void The_symbols_package_holds_the_portable_pdb()
    {
        using ZipArchive symbols = ZipFile.OpenRead(feed.LibrarySymbolsPackage);

        Assert.Contains("lib/net10.0/Neptune.Streams.Lambda.pdb", symbols.Entries.Select(e => e.FullName));
    }

    [Fact]
    public void The_template_package_is_a_template_package_without_assemblies_and_pins_the_library_version()
    {
        using ZipArchive package = ZipFile.OpenRead(feed.TemplatePackage);
        string[] entries = package.Entries.Select(e => e.FullName).ToArray();

        XElement metadata = ReadNuspecMetadata(package);
        Assert.Equal("Neptune.Streams.Lambda.Templates", Value(metadata, "id"));
        Assert.Equal(feed.Version, Value(metadata, "version"));
        XElement packageType = Assert.Single(metadata.Descendants(), e => e.Name.LocalName == "packageType");
        Assert.Equal("Template", packageType.Attribute("name")?.Value);
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.Contains("/bin/", StringComparison.Ordinal) || e.Contains("/obj/", StringComparison.Ordinal));

        using var reader = new StreamReader(package.GetEntry("content/neptune-streams/.template.config/template.json")!.Open());
        string templateJson = reader.ReadToEnd();
        Assert.Contains($"\"defaultValue\": \"{feed.Version}\"", templateJson, StringComparison.Ordinal);
    }

    private static XElement ReadNuspecMetadata(ZipArchive package)
    {
        ZipArchiveEntry nuspec = Assert.Single(package.Entries, e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using Stream stream = nuspec.Open();
        XElement root = XDocument.Load(stream).Root!;
        return root.Elements().Single(e => e.Name.LocalName == "metadata");
    }

    private static string? Value(XElement metadata, string name) =>
        metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;
}
