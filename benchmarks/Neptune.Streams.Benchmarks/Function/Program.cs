using Neptune.Streams.Benchmarks;
using Neptune.Streams.Lambda.Hosting;

return await LambdaBootstrap.RunAsync<BenchmarkFunction>();
