// In Lambda: serves the Runtime API. Locally: dotnet run --project samples/SearchSync -- --event FILE|-  (see LambdaBootstrap).
return await Neptune.Streams.Lambda.Hosting.LambdaBootstrap.RunAsync<SearchSync.SearchSyncFunction>(args);
