using Neptune.Streams.Pump.Host;

// neptune-stream-pump                     the pump: a scheduled Lambda function when AWS_LAMBDA_RUNTIME_API is set,
//                                         else a long-running process (until Ctrl+C or SIGTERM)
// neptune-stream-pump snapshot             the same, starting with a snapshot of the whole graph when the pump has no
//                                         position yet (or resuming an interrupted one), then streaming after it
// neptune-stream-pump redrive --queue-url URL --stream NAME [--endpoint URL]
//                                         dead-lettered records back onto the stream
if (args.Length > 0 && args[0] == "redrive")
{
    return await RedriveCommand.RunAsync(args[1..]);
}

if (args is ["snapshot"])
{
    return await PumpCommand.RunAsync(snapshot: true);
}

if (args.Length > 0)
{
    await Console.Error.WriteLineAsync(
        $"Unknown command '{args[0]}'. Usage: neptune-stream-pump [snapshot] (configured by environment variables) | neptune-stream-pump redrive --queue-url URL --stream NAME [--endpoint URL]");
    return 2;
}

return await PumpCommand.RunAsync();
