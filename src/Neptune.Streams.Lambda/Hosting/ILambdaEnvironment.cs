namespace Neptune.Streams.Lambda.Hosting;

/// <summary>The process environment, behind an interface so the bootstrap loop can run against a fake in tests.</summary>
internal interface ILambdaEnvironment
{
    /// <summary>The variable's value, or null when it is not set.</summary>
    string? Get(string name);

    /// <summary>Sets (or, with null, removes) a variable.</summary>
    void Set(string name, string? value);
}
