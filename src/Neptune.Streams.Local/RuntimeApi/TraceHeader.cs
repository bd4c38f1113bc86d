using System.Security.Cryptography;

namespace Neptune.Streams.Local.RuntimeApi;

/// <summary>Makes X-Ray trace headers in Lambda's form (<c>Root=1-{epoch hex}-{96-bit hex};Parent=…;Sampled=0</c>).</summary>
internal static class TraceHeader
{
    public static string New(DateTimeOffset now)
    {
        string epoch = now.ToUnixTimeSeconds().ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
        string root = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        string parent = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        return $"Root=1-{epoch}-{root};Parent={parent};Sampled=0";
    }
}
