using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Neptune.Streams.Local.Http;

/// <summary>
/// Kestrel on 127.0.0.1 port 0: the operating system picks a free port while binding, so two servers started at once
/// can never race for the same one (probing for a free port and then binding it can). Request bodies are capped.
/// </summary>
/// <remarks>
/// Built from <see cref="WebApplication.CreateEmptyBuilder"/>: no configuration files, no logging, no routing by
/// reflection (one <see cref="RequestDelegate"/> answers everything), so it is trimming- and Native-AOT-safe, and it
/// does not take over the process's Ctrl+C/SIGTERM handling the way a console host would.
/// </remarks>
public sealed class LoopbackHttpServer : IAsyncDisposable, IDisposable
{
    private readonly WebApplication _app;

    private LoopbackHttpServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The bound address, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri Address { get; }

    /// <summary>The bound port.</summary>
    public int Port => Address.Port;

    /// <summary>Binds 127.0.0.1 on a port the OS chooses and starts answering every request with <paramref name="handler"/>.</summary>
    /// <param name="handler">Answers every request.</param>
    /// <param name="maxRequestBodyBytes">
    /// Reading a larger request body fails with <see cref="BadHttpRequestException"/> (413); null: Kestrel's default (30 MB).
    /// </param>
    public static LoopbackHttpServer Start(RequestDelegate handler, long? maxRequestBodyBytes = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (maxRequestBodyBytes is { } max)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        }

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
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        WebApplication app = builder.Build();
        app.Run(handler);

        // Start has no await-free path; run it off any caller's synchronization context so that blocking cannot deadlock.
        Task.Run(() => app.StartAsync()).GetAwaiter().GetResult();
        string bound = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new LoopbackHttpServer(app, new Uri(bound.EndsWith('/') ? bound : bound + "/"));
    }

    /// <summary>Stops listening; requests still open are aborted.</summary>
    public async ValueTask DisposeAsync()
    {
        using (var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _app.StopAsync(stopping.Token).ConfigureAwait(false);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Stops the server (waiting at most 5 s for requests in flight), for callers that cannot await.</summary>
    public void Dispose() => Task.Run(() => DisposeAsync().AsTask()).GetAwaiter().GetResult();
}
