namespace Neptune.Streams.Chaos;

/// <summary>
/// One function "process". Once killed it is dead: everything it still tries to do throws, and the invoker replaces it
/// with a fresh instance (a cold start) — what Lambda does after a SIGKILL.
/// </summary>
public sealed class FunctionInstance
{
    private volatile bool _dead;

    /// <summary>The invocation this instance is in (one at a time, like a Lambda execution environment).</summary>
    public long Invocation { get; set; }

    /// <summary>Whether the instance was killed.</summary>
    public bool Dead => _dead;

    /// <summary>Kills the instance where it stands: no further work, no final checkpoint, no response.</summary>
    public void Kill()
    {
        _dead = true;
        ThrowIfDead();
    }

    /// <summary>Throws the one exception the batch processor does not catch, standing in for the process dying.</summary>
    public void ThrowIfDead()
    {
        if (_dead)
        {
            throw new InsufficientMemoryException("simulated SIGKILL of the function process");
        }
    }
}
