using Microsoft.Extensions.Logging;
using Neptune.Streams.Lambda.Hosting;

namespace Neptune.Streams.Lambda.Tests.Hosting;

// The test is about what the provider writes for ordinary ILogger calls, as user handlers make them.
#pragma warning disable CA1848, CA1873

/// <summary>Readable lines for a person at a terminal; JSON lines for CloudWatch and for anything redirected.</summary>
public sealed class ConsoleLoggingTests
{
    [Fact]
    public void ReadableLines_AreOneLinePerEntry_WithScopeFieldsOnWarnings()
    {
        using var output = new StringWriter();
        using var provider = new JsonConsoleLoggerProvider(output) { ReadableLines = true };
        ILogger logger = provider.CreateLogger("QuickStart");

        logger.LogInformation("Handled {Count} events", 3);
        using (logger.BeginScope(new Dictionary<string, object?> { ["ShardId"] = "shardId-1", ["SequenceNumber"] = "42" }))
        {
            logger.LogInformation("inside a scope");
            logger.LogWarning("Poison record");
        }

        string[] lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Matches(@"^\d\d:\d\d:\d\d\.\d{3} info QuickStart: Handled 3 events$", lines[0]);
        Assert.EndsWith("info QuickStart: inside a scope", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("warn QuickStart: Poison record ShardId=shardId-1 SequenceNumber=42", lines[2], StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.StartsWith('{'));
    }

    [Fact]
    public void ByDefault_EntriesAreJsonLines()
    {
        using var output = new StringWriter();
        using var provider = new JsonConsoleLoggerProvider(output);

        provider.CreateLogger("QuickStart").LogInformation("Handled {Count} events", 3);

        using var line = System.Text.Json.JsonDocument.Parse(output.ToString());
        Assert.Equal("Handled 3 events", line.RootElement.GetProperty("message").GetString());
        Assert.Equal(3, line.RootElement.GetProperty("Count").GetDouble());
    }

    [Fact]
    public void StandardErrorRedirected_GetsJsonLines()
    {
        Assert.True(Console.IsErrorRedirected); // the test host reads standard error through a pipe
        using var provider = JsonConsoleLoggerProvider.ForStandardError();

        Assert.False(provider.ReadableLines);
    }
}
