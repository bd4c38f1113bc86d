using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Neptune.Streams.Lambda.Kinesis;

namespace Neptune.Streams.Lambda.Hosting;

/// <summary>
/// <see cref="LambdaBootstrap.RunAsync{TFunction}"/> outside Lambda: <c>--event FILE|-</c> runs the function once on a
/// Lambda Kinesis event, read from its bytes by the same one-pass reader as an invocation in Lambda. Standard output
/// carries one JSON line per graph event the handlers receive and the response (<c>{"batchItemFailures":[…]}</c>)
/// last; logs go to standard error; EMF metrics are off.
/// </summary>
internal static class LocalRunner
{
    /// <summary>The usage text (also in the README).</summary>
    public const string Usage = """
        usage: --event FILE|-   run the function once on a Lambda Kinesis event (FILE, or - for standard input):
                                one JSON line per graph event its handlers receive, the response last; logs on
                                standard error. Exit code 0 when the response was written (it may name failures),
                                1 when the event could not be read or the function could not start, 2 for bad usage.
                                In Lambda (AWS_LAMBDA_RUNTIME_API set) the same program serves the Runtime API.
        """;

    public static async Task<int> RunAsync(
        Func<NeptuneStreamFunction> create, string[] args, Func<Stream> openStandardInput, Stream output, TextWriter error, CancellationToken cancellationToken)
    {
        switch (args)
        {
            case ["-h" or "--help"]:
                await error.WriteLineAsync(Usage).ConfigureAwait(false);
                return 0;
            case not ["--event", { Length: > 0 }]:
                await error.WriteLineAsync($"unknown or missing arguments '{string.Join(' ', args)}'\n{Usage}").ConfigureAwait(false);
                return 2;
        }

        string path = args[1];
        InvocationPayload payload;
        try
        {
            await using Stream input = path == "-" ? openStandardInput() : File.OpenRead(path);
            payload = await InvocationPayload.ReadAsync(input, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"cannot read the event: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        using (payload)
        {
            try
            {
                // Refused before the function starts, with the error Lambda's path gives (line, byte, JSON path).
                Check(payload.Memory);
            }
            catch (InvalidDataException ex)
            {
                await error.WriteLineAsync($"cannot read the event: {ex.Message}").ConfigureAwait(false);
                return 1;
            }

            return await RunOnceAsync(create, payload.Memory, output, error, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Checks that the payload is a Lambda Kinesis event the way the invocation path reads it.</summary>
    /// <exception cref="InvalidDataException">It is not.</exception>
    private static void Check(ReadOnlyMemory<byte> payload)
    {
        if (KinesisBatchReader.TryRead(payload, out KinesisBatch? batch))
        {
            batch!.Dispose();
            return;
        }

        _ = KinesisEventReader.Read(payload.Span);
    }

    /// <summary>Runs the function once on the payload's bytes, as the Runtime API loop does, and writes the response.</summary>
    private static async Task<int> RunOnceAsync(
        Func<NeptuneStreamFunction> create, ReadOnlyMemory<byte> payload, Stream output, TextWriter error, CancellationToken cancellationToken)
    {
        NeptuneStreamFunction function;
        try
        {
            function = create();
            function.Override(builder =>
            {
                // Standard output is the event lines and the response; EMF lines there would mix with them.
                builder.Options.Metrics.Enabled = false;
                builder.Services.AddSingleton(new EventLineWriter(output));
                builder.OnAny<EventLineWriter>().IncludeSnapshot();
            });
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The constructor threw, or it built the function already (Override is refused after the build).
            await error.WriteLineAsync($"the function could not start: {ex.GetType().Name}: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        await using NeptuneStreamFunction built = function;

        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Stop(context, stopping));
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Stop(context, stopping));
        StreamsEventResponse response;
        try
        {
            response = (await function.ProcessPayloadAsync(payload, InvocationContext.Local(), stopping.Token).ConfigureAwait(false)).Response;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Configure threw, or a service could not be built (handlers' failures are the response's, not this).
            await error.WriteLineAsync($"the function could not run: {ex.GetType().Name}: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        await JsonSerializer.SerializeAsync(output, response, LambdaEventJsonContext.Default.StreamsEventResponse, CancellationToken.None).ConfigureAwait(false);
        output.WriteByte((byte)'\n');
        await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        return 0;
    }

    private static void Stop(PosixSignalContext context, CancellationTokenSource stopping)
    {
        // Ctrl+C stops the batch cleanly: the response names the first record not handled.
        context.Cancel = true;
        stopping.Cancel();
    }
}
