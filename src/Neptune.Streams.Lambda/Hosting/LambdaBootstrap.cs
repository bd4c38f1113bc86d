using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Neptune.Streams.Lambda.Hosting;

/// <summary>
/// The one entry point of a function's program: <c>return await LambdaBootstrap.RunAsync&lt;MyFunction&gt;(args);</c>.
/// In Lambda (Native AOT on <c>provided.al2023</c>, or any custom runtime) it serves the Runtime API; anywhere else it
/// runs the function once on a Lambda Kinesis event (<c>--event FILE|-</c>).
/// </summary>
public static class LambdaBootstrap
{
    /// <summary>
    /// When <c>AWS_LAMBDA_RUNTIME_API</c> is set (in Lambda): creates the function, runs its <c>Configure</c> (Lambda's
    /// init phase; a failure is sent to <c>/init/error</c>), then answers invocations until SIGTERM, after which the
    /// invocation in flight stops cleanly and is answered; <paramref name="args"/> are ignored. Otherwise, with
    /// <c>--event FILE</c> (or <c>-</c> for standard input): runs the function once on that Lambda Kinesis event and
    /// writes one JSON line per graph event its handlers receive, then the response
    /// (<c>{"batchItemFailures":[…]}</c>) last, on standard output; logs on standard error; no EMF metrics.
    /// </summary>
    /// <typeparam name="TFunction">The function.</typeparam>
    /// <param name="args">The program's arguments.</param>
    /// <param name="cancellationToken">Stops the loop (or the local batch), as SIGTERM and Ctrl+C do.</param>
    /// <returns>
    /// The process exit code (also set as <see cref="Environment.ExitCode"/>). In Lambda: 0 after a clean stop, 1 when
    /// the function could not start or the Runtime API could not be reached. Locally: 0 when the response was written
    /// (it may name failed records), 1 when the event could not be read or the function could not start, 2 for bad
    /// arguments.
    /// </returns>
    public static async Task<int> RunAsync<TFunction>(string[] args, CancellationToken cancellationToken = default)
        where TFunction : NeptuneStreamFunction, new()
    {
        ArgumentNullException.ThrowIfNull(args);
        int exitCode = ProcessEnvironment.Instance.Get(LambdaEnvironmentVariables.RuntimeApi) is { Length: > 0 }
            ? await RunAsync(static () => new TFunction(), ProcessEnvironment.Instance, client: null, cancellationToken).ConfigureAwait(false)
            : await RunLocalAsync(static () => new TFunction(), args, cancellationToken).ConfigureAwait(false);
        Environment.ExitCode = exitCode;
        return exitCode;
    }

    internal static async Task<int> RunLocalAsync(Func<NeptuneStreamFunction> create, string[] args, CancellationToken cancellationToken)
    {
        await using Stream output = Console.OpenStandardOutput();
        return await LocalRunner.RunAsync(create, args, Console.OpenStandardInput, output, Console.Error, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Answers invocations with a raw <paramref name="handler"/> on the same Runtime API loop as functions: each
    /// invocation's payload in, the response body (JSON) out, until SIGTERM, after which the invocation in flight is
    /// answered. For functions that are not Kinesis consumers (a scheduled job such as the stream pump).
    /// </summary>
    /// <param name="handler">
    /// Handles one invocation: the payload as sent, the invocation (its <see cref="InvocationContext.Deadline"/>), and a
    /// token cancelled on SIGTERM. An <see cref="InvalidDataException"/> is reported as <c>Runtime.InvalidEvent</c>, any
    /// other exception as <c>Runtime.UnhandledException</c>; the loop goes on either way.
    /// </param>
    /// <param name="loggerFactory">Where the loop logs; JSON lines on standard error when null.</param>
    /// <param name="cancellationToken">Stops the loop, as SIGTERM does.</param>
    /// <returns>The process exit code: 0 after a clean stop; 1 when the Runtime API could not be reached.</returns>
    /// <exception cref="InvalidOperationException"><c>AWS_LAMBDA_RUNTIME_API</c> is not set.</exception>
    internal static async Task<int> RunHandlerAsync(
        Func<ReadOnlyMemory<byte>, InvocationContext, CancellationToken, Task<ReadOnlyMemory<byte>>> handler,
        ILoggerFactory? loggerFactory = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        using var ownedFactory = loggerFactory is null
            ? LoggerFactory.Create(logging => logging.AddProvider(JsonConsoleLoggerProvider.ForStandardError()))
            : null;
        ILogger logger = (loggerFactory ?? ownedFactory!).CreateLogger("Neptune.Streams.Lambda.Hosting");
        return await RunHandlerAsync(handler, logger, ProcessEnvironment.Instance, client: null, cancellationToken).ConfigureAwait(false);
    }

    internal static Task<int> RunHandlerAsync(
        Func<ReadOnlyMemory<byte>, InvocationContext, CancellationToken, Task<ReadOnlyMemory<byte>>> handler,
        ILogger logger, ILambdaEnvironment environment, IRuntimeApiClient? client, CancellationToken cancellationToken) =>
        HostAsync(
            environment,
            client,
            (runtime, _) => Task.FromResult<InvocationLoop?>(new InvocationLoop(handler, runtime, environment, logger)),
            release: null,
            cancellationToken);

    internal static async Task<int> RunAsync(
        Func<NeptuneStreamFunction> create, ILambdaEnvironment environment, IRuntimeApiClient? client, CancellationToken cancellationToken)
    {
        NeptuneStreamFunction? function = null;
        return await HostAsync(environment, client, InitAsync, ReleaseAsync, cancellationToken).ConfigureAwait(false);

        async Task<InvocationLoop?> InitAsync(IRuntimeApiClient runtime, CancellationToken stopping)
        {
            ILogger logger;
            try
            {
                NeptuneStreamFunction created = create();
                _ = created.Options; // runs Configure and builds the services now, in the init phase
                logger = created.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Neptune.Streams.Lambda.Hosting");
                function = created; // disposed at the end only once it started
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                WriteInitError(ex);
                await runtime.SendInitErrorAsync(RuntimeError.From(ex, RuntimeErrorCategories.InitError), CancellationToken.None).ConfigureAwait(false);
                return null;
            }

            return new InvocationLoop(function, runtime, environment, logger);
        }

        ValueTask ReleaseAsync() => function?.DisposeAsync() ?? ValueTask.CompletedTask;
    }

    /// <summary>The one hosting path: Runtime API client, signals, init, the loop, and the exit code.</summary>
    private static async Task<int> HostAsync(
        ILambdaEnvironment environment,
        IRuntimeApiClient? client,
        Func<IRuntimeApiClient, CancellationToken, Task<InvocationLoop?>> init,
        Func<ValueTask>? release,
        CancellationToken cancellationToken)
    {
        string runtimeApi = environment.Get(LambdaEnvironmentVariables.RuntimeApi)
            ?? throw new InvalidOperationException(
                $"{LambdaEnvironmentVariables.RuntimeApi} is not set: run the function in Lambda, or locally against the Runtime API emulator of Neptune.Streams.Local.");
        // First, as Lambda's .NET runtime does: the GC sizes itself for the function's memory from here on.
        LambdaMemoryLimit.Outcome memory = LambdaMemoryLimit.Apply(environment);
        using var ownedClient = client is null ? new RuntimeApiClient(runtimeApi) : null;
        client ??= ownedClient!;

        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Stop(context, stopping));
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Stop(context, stopping));

        try
        {
            InvocationLoop? loop = await init(client, stopping.Token).ConfigureAwait(false);
            if (loop is null)
            {
                Environment.ExitCode = 1;
                return 1;
            }

            loop.LogMemoryLimit(memory);
            await loop.RunAsync(stopping.Token).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            // The loop logged it; exit with an error code rather than abort on an unhandled exception.
            Environment.ExitCode = 1;
            return 1;
        }
        finally
        {
            if (release is not null)
            {
                await release().ConfigureAwait(false);
            }
        }

        return 0;
    }

    private static void Stop(PosixSignalContext context, CancellationTokenSource stopping)
    {
        // Not the default (immediate exit): the loop answers the invocation in flight, then returns from Main.
        context.Cancel = true;
        stopping.Cancel();
    }

    /// <summary>No logger exists when init fails, so the error is written as one JSON line by hand.</summary>
    private static void WriteInitError(Exception exception)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("level", nameof(LogLevel.Critical));
            json.WriteString("category", "Neptune.Streams.Lambda.Hosting");
            json.WriteString("message", "The function could not start; the error was sent to /init/error");
            json.WriteString("errorType", exception.GetType().FullName);
            json.WriteString("exception", exception.ToString());
            json.WriteEndObject();
        }

        Console.Error.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }
}
