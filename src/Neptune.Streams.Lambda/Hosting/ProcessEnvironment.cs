namespace Neptune.Streams.Lambda.Hosting;

/// <summary>The real process environment.</summary>
internal sealed class ProcessEnvironment : ILambdaEnvironment
{
    public static ProcessEnvironment Instance { get; } = new();

    public string? Get(string name) => Environment.GetEnvironmentVariable(name);

    public void Set(string name, string? value) => Environment.SetEnvironmentVariable(name, value);
}
