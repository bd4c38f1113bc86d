// In Lambda: serves the Runtime API. Locally: dotnet run --project samples/CacheSync -- --event FILE|-  (see LambdaBootstrap).
return await Neptune.Streams.Lambda.Hosting.LambdaBootstrap.RunAsync<CacheSync.CacheSyncFunction>(args);
