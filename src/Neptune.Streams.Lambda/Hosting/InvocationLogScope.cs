using System.Collections;

namespace Neptune.Streams.Lambda.Hosting;

/// <summary>The log scope of one invocation: its request id and trace id, so every line of it can be found.</summary>
internal sealed class InvocationLogScope(InvocationContext invocation) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public int Count => 2;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("AwsRequestId", invocation.AwsRequestId),
        1 => new("TraceId", invocation.TraceId),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (int i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => invocation.AwsRequestId;
}
