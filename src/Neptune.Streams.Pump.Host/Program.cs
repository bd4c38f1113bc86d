using Neptune.Streams.Pump.Host;

// neptune-stream-pump                     the pump: a scheduled Lambda function when AWS_LAMBDA_RUNTIME_API is set,
//                                         else a long-running process (until Ctrl+C or SIGTERM)
// neptune-stream-pump redrive --queue-url URL --stream NAME [--endpoint URL]
//                                         dead-lettered records back onto the stream
if (args.Length > 0 && args[0] == "redrive")
{
    return await RedriveCommand.RunAsync(args[1..]);
}

if (args.Length > 0)
{
    await Console.Error.WriteLineAsync(
        $"Unknown command '{args[0]}'. Usage: neptune-stream-pump (configured by environment variables) | neptune-stream-pump redrive --queue-url URL --stream NAME [--endpoint URL]");
    return 2;
}

return await PumpCommand.RunAsync();
