using Neptune.Streams.Lambda.Hosting;

namespace Neptune.Streams.Hosting.Tests.Hosting;

/// <summary>An environment in a dictionary, so tests never touch the process's own.</summary>
internal sealed class DictionaryEnvironment : ILambdaEnvironment
{
    public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);

    public string? Get(string name) => Variables.TryGetValue(name, out var value) ? value : null;

    public void Set(string name, string? value)
    {
        if (value is null)
        {
            Variables.Remove(name);
        }
        else
        {
            Variables[name] = value;
        }
    }
}
