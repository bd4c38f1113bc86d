// Compiled together with every documentation block (see DocumentationSnippetTests): the names the README and the
// docs use as the reader's own code. Add a name here when a new block needs one; keep the bodies trivial.
#pragma warning disable CS1591, CA1515, CA1822, CA1812
namespace Docs;

/// <summary>The README's mailer: records each welcome (element id, bound name, idempotency key).</summary>
public interface IMailer
{
    Task SendWelcomeAsync(string elementId, string? name, string idempotencyKey, CancellationToken cancellationToken);
}

public sealed class SesMailer : IMailer
{
    public static System.Collections.Concurrent.ConcurrentQueue<string> Sent { get; } = new();

    public Task SendWelcomeAsync(string elementId, string? name, string idempotencyKey, CancellationToken cancellationToken)
    {
        Sent.Enqueue($"{elementId} {name ?? "(null)"} {idempotencyKey}");
        return Task.CompletedTask;
    }
}

/// <summary>The reader's test double of <see cref="IMailer"/> (README, "Testing a function").</summary>
public sealed class FakeMailer : IMailer
{
    public Task SendWelcomeAsync(string elementId, string? name, string idempotencyKey, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>The README's catch-all handler.</summary>
public sealed class AuditEverything : IGraphEventHandler
{
    public ValueTask HandleAsync(GraphEvent graphEvent, GraphEventContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}

/// <summary>The README's snapshot handlers.</summary>
public sealed class VertexIndexer : IGraphEventHandler
{
    public ValueTask HandleAsync(GraphEvent graphEvent, GraphEventContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}

public sealed class FollowNotifier : IGraphEventHandler
{
    public ValueTask HandleAsync(GraphEvent graphEvent, GraphEventContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}

/// <summary>docs/checkpoints.md's search client.</summary>
public interface ISearchClient
{
    Task IndexAsync(string id, CancellationToken cancellationToken);
}

/// <summary>docs/checkpoints.md's cache.</summary>
public interface ICache
{
    ValueTask SetAsync(string id, IReadOnlyList<PropertyChange> properties, CancellationToken cancellationToken);
}

/// <summary>docs/hosting.md's function.</summary>
public sealed class PersonSyncFunction : NeptuneStreamFunction
{
    protected override void Configure(NeptuneStreamBuilder builder)
    {
    }
}

/// <summary>
/// What any block may use without declaring it (imported with <c>global using static</c>): the ambient names of the
/// documentation's statement and member blocks.
/// </summary>
public static class DocScope
{
    public static NeptuneStreamBuilder builder = null!;
    public static string queueUrl = "https://sqs.us-east-1.amazonaws.com/111122223333/dead-letters";
    public static ILoggerFactory loggerFactory = null!;
    public static DateTimeOffset lambdaDeadline;
    public static CancellationToken ctrlC;
    public static CancellationToken cancellationToken;
    public static string[] args = [];
    public static IHighWaterMarkStore marks = null!;
    public static GraphEvent graphEvent = null!;
    public static ICache cache = null!;
}
