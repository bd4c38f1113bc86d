using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Neptune.Streams.TestSupport;

/// <summary>
/// A test stand-in's HTTP server: Kestrel on 127.0.0.1 port 0, so the OS picks the port while binding and servers
/// started at once never race for one (probing for a free port, then binding it, can).
/// </summary>
public sealed class LoopbackKestrel : IAsyncDisposable, IDisposable
{
    private readonly WebApplication _app;

    private LoopbackKestrel(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The bound address, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri Address { get; }

    /// <summary>The bound port.</summary>
    public int Port => Address.Port;

    /// <summary>Starts answering every request with <paramref name="handler"/>.</summary>
    /// <param name="handler">Answers every request.</param>
    /// <param name="maxRequestBodyBytes">Reading a larger body fails with 413; 30 MB (Kestrel's default) when null.</param>
    public static LoopbackKestrel Start(RequestDelegate handler, long? maxRequestBodyBytes = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.AddServerHeader = false;
            if (maxRequestBodyBytes is { } limit)
            {
                kestrel.Limits.MaxRequestBodySize = limit;
            }
        });
        builder.Services.AddSingleton<IHostLifetime, NoSignalsLifetime>();
        WebApplication app = builder.Build();
        app.Run(handler);
        Task.Run(() => app.StartAsync()).GetAwaiter().GetResult();
        string bound = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new LoopbackKestrel(app, new Uri(bound.EndsWith('/') ? bound : bound + "/"));
    }

    /// <summary>Stops listening.</summary>
    public async ValueTask DisposeAsync()
    {
        using (var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _app.StopAsync(stopping.Token);
        }

        await _app.DisposeAsync();
    }

    /// <summary>Stops listening.</summary>
    public void Dispose() => Task.Run(() => DisposeAsync().AsTask()).GetAwaiter().GetResult();
}
