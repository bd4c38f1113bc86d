return await Neptune.Streams.Lambda.Hosting.LambdaBootstrap.RunAsync<Neptune.Streams.Benchmarks.BenchmarkFunction>(args);
