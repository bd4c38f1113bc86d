using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Neptune.Streams.Lambda.Hosting;

/// <summary>
/// Hosts a function on Lambda's Runtime API (Native AOT on <c>provided.al2023</c>, or any custom runtime): a user's
/// <c>Main</c> is <c>await LambdaBootstrap.RunAsync&lt;MyFunction&gt;();</c>.
/// </summary>
public static class LambdaBootstrap
{
    /// <summary>
    /// Creates the function, runs its <c>Configure</c> (Lambda's init phase; a failure is sent to <c>/init/error</c>),
    /// then answers invocations until SIGTERM, after which the invocation in flight stops cleanly and is answered.
    /// </summary>
    /// <typeparam name="TFunction">The function.</typeparam>
    /// <param name="cancellationToken">Stops the loop, as SIGTERM does.</param>
    /// <returns>
    /// The process exit code: 0 after a clean stop; 1 when the function could not start or the Runtime API could not be
    /// reached (also set as <see cref="Environment.ExitCode"/>).
    /// </returns>
    /// <exception cref="InvalidOperationException"><c>AWS_LAMBDA_RUNTIME_API</c> is not set.</exception>
    public static Task<int> RunAsync<TFunction>(CancellationToken cancellationToken = default)
        where TFunction : NeptuneStreamFunction, new()
        => RunAsync(static () => new TFunction(), ProcessEnvironment.Instance, client: null, cancellationToken);

    internal static async Task<int> RunAsync(
        Func<NeptuneStreamFunction> create, ILambdaEnvironment environment, IRuntimeApiClient? client, CancellationToken cancellationToken)
    {
        string runtimeApi = environment.Get(LambdaEnvironmentVariables.RuntimeApi)
            ?? throw new InvalidOperationException(
                $"{LambdaEnvironmentVariables.RuntimeApi} is not set: run the function in Lambda, or locally against the Runtime API emulator of Neptune.Streams.Local.");
        using var ownedClient = client is null ? new RuntimeApiClient(runtimeApi) : null;
        client ??= ownedClient!;

        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Stop(context, stopping));
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Stop(context, stopping));

        NeptuneStreamFunction function;
        ILogger logger;
        try
        {
            function = create();
            _ = function.Options; // runs Configure and builds the services now, in the init phase
            logger = function.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Neptune.Streams.Lambda.Hosting");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            WriteInitError(ex);
            await client.SendInitErrorAsync(RuntimeError.From(ex, RuntimeErrorCategories.InitError), CancellationToken.None).ConfigureAwait(false);
            Environment.ExitCode = 1;
            return 1;
        }

        await using (function.ConfigureAwait(false))
        {
            try
            {
                await new InvocationLoop(function, client, environment, logger).RunAsync(stopping.Token).ConfigureAwait(false);
            }
            catch (HttpRequestException)
            {
                // The loop logged it; exit with an error code rather than abort on an unhandled exception.
                Environment.ExitCode = 1;
                return 1;
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
