using Neptune.Streams.Hosting.TestFunction;
using Neptune.Streams.Lambda.Hosting;

return await LambdaBootstrap.RunAsync<TestFunction>();
