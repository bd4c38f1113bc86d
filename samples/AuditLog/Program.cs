// In Lambda: serves the Runtime API. Locally: dotnet run --project samples/AuditLog -- --event FILE|-  (see LambdaBootstrap).
return await Neptune.Streams.Lambda.Hosting.LambdaBootstrap.RunAsync<AuditLog.AuditLogFunction>(args);
