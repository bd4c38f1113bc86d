return await Neptune.Streams.Lambda.Hosting.LambdaBootstrap.RunAsync<Neptune.Streams.Hosting.TestFunction.TestFunction>(args);
