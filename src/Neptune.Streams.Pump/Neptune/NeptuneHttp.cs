using System.Net;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace Neptune.Streams.Pump.Neptune;

/// <summary>Builds the HTTP clients of the Neptune (<c>neptune-db</c>) and Kinesis calls: gzip, and SigV4 when credentials are given.</summary>
public static class NeptuneHttp
{
    /// <summary>
    /// An <see cref="HttpClient"/> that decompresses gzip and, with <paramref name="credentials"/>, signs every request
    /// with SigV4 for <paramref name="service"/> (AWSSDK.Core's <see cref="SigV4SigningHandler"/>, AOT-safe).
    /// </summary>
    /// <param name="credentials">The credentials to sign with, or null for an unauthenticated endpoint (local, or a cluster without IAM auth).</param>
    /// <param name="region">The signing region, e.g. <c>us-east-1</c>.</param>
    /// <param name="service">The signing service: <c>neptune-db</c> for Neptune, <c>kinesis</c> for Kinesis.</param>
    /// <param name="timeout">The timeout of one request.</param>
    public static HttpClient Create(AWSCredentials? credentials, string region, string service, TimeSpan timeout)
        => Create(credentials, region, service, timeout, new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.GZip,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        });

    internal static HttpClient Create(AWSCredentials? credentials, string region, string service, TimeSpan timeout, HttpMessageHandler transport)
    {
        HttpMessageHandler handler = credentials is null
            ? transport
            : new SigV4SigningHandler(credentials, RegionEndpoint.GetBySystemName(region), service, transport);
        return new HttpClient(handler) { Timeout = timeout };
    }
}
