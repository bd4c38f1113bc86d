using System.Globalization;
using Neptune.Streams.Lambda;

namespace Neptune.Streams.Hosting.TestFunction;

/// <summary>
/// The function the hosting tests run. Its environment steers it: <c>NSL_TEST_FAIL_INIT</c> makes
/// <see cref="Configure"/> throw, <c>NSL_TEST_DEADLINE_MARGIN_MS</c> sets the deadline margin; the events' labels
/// steer the handler (see <see cref="ScriptedHandler"/>).
/// </summary>
public sealed class TestFunction : NeptuneStreamFunction
{
    /// <inheritdoc />
    protected override void Configure(NeptuneStreamBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (Environment.GetEnvironmentVariable("NSL_TEST_FAIL_INIT") is { Length: > 0 } reason)
        {
            throw new InvalidOperationException($"Configure failed on purpose: {reason}");
        }

        builder.Options.Retry.MaxRetryAttempts = 0;
        if (int.TryParse(Environment.GetEnvironmentVariable("NSL_TEST_DEADLINE_MARGIN_MS"), NumberStyles.None, CultureInfo.InvariantCulture, out int margin))
        {
            builder.Options.DeadlineSafetyMargin = TimeSpan.FromMilliseconds(margin);
        }

        builder.OnAny<ScriptedHandler>();
    }
}
