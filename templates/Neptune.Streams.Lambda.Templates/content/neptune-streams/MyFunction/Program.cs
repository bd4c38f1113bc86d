// In Lambda (provided.al2023): serves the Runtime API. Locally, runs the function once on a Lambda Kinesis event:
//   dotnet run --project MyFunction -- --event MyFunction/events/sample-event.json   (- reads standard input)
return await Neptune.Streams.Lambda.Hosting.LambdaBootstrap.RunAsync<MyFunction.Function>(args);
