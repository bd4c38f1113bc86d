using System.Runtime.CompilerServices;

namespace Neptune.Streams.Lambda;

/// <summary>
/// Options are read when the function is built (its first batch, or the first read of <c>Services</c> or
/// <c>Options</c>) and frozen then: a later change would apply to some parts and not others, so it throws instead.
/// </summary>
internal static class OptionsGuard
{
    public static void ThrowIfFrozen(bool frozen, [CallerMemberName] string property = "")
    {
        if (frozen)
        {
            throw new InvalidOperationException(
                $"{property} cannot change once the function is built: set options in Configure, or in Override before the first batch.");
        }
    }
}
