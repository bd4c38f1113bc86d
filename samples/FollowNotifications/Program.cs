// In Lambda: serves the Runtime API. Locally: dotnet run --project samples/FollowNotifications -- --event FILE|-  (see LambdaBootstrap).
return await Neptune.Streams.Lambda.Hosting.LambdaBootstrap.RunAsync<FollowNotifications.FollowNotificationsFunction>(args);
