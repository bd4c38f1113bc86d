namespace Neptune.Streams.Chaos.Tests;

/// <summary>
/// Which of issue 11's fixes are on this branch. Each fault the chaos run injects for issue 11 is turned on in CI only
/// once the fix it needs has landed (a run with the fault and without the fix loses or doubles events: docs/chaos.md,
/// "What the run found on main"). Flip a switch in the commit that merges its fix.
/// </summary>
internal static class LandedFixes
{
    /// <summary>Issue 11.1: a claim never outlives its invocation, and a live claim does not burn the ESM's retries. Turns on kills while holding a claim.</summary>
    public static bool ClaimsEndWithTheirInvocation => true;

    /// <summary>Issue 11.2: a <c>PermanentHandlerException</c> dead-letters the event with its raw records and the batch continues. Turns on permanent failures.</summary>
    public static bool PermanentFailuresAreDeadLettered => true;

    /// <summary>
    /// Issue 11.5: effects are exactly-once per Neptune change whatever the batch boundaries (c77107f, <c>ApplyOnceAsync</c>;
    /// the duplicates seen after it were moto's whole-table transaction rollback, 812672e). Turns on commits split over
    /// two Kinesis records.
    /// </summary>
    public static bool SplitCommitsAreExactlyOnce => true;

    /// <summary>Issue 11.7 (with 11.3/11.4 for gzip sub-records): exactly the poison KPL sub-record is dead-lettered. Turns on KPL aggregates.</summary>
    public static bool KplPoisonSubRecordsAreDeadLetteredAlone => true;

    /// <summary>Issue 11.6: a failed label look-up is retried and never forwarded unlabelled. Turns on label look-up faults.</summary>
    public static bool LabelLookUpsNeverForwardUnlabelled => true;

    /// <summary>
    /// Issue 11.6, the rest: a change of an element deleted by the time the pump looks its label up reaches the handlers
    /// with its label (the pump's look-ahead in the page), or failing that marked <c>labelsUnknown</c> — never silently
    /// unlabelled (before: 44 such events in 1,500 operations, with no label fault needed). Turns on the
    /// <c>unlabelled=0</c> assertion; <c>labels_unknown</c> is reported, not asserted.
    /// </summary>
    public static bool DeletedElementsKeepTheirLabels => true;

    /// <summary>Issue 11, suspected: a pump never writes after its lease may have passed to another. Turns on two pumps with slow writes.</summary>
    public static bool PumpWritesAreFencedByTheLease => true;

    /// <summary>The options of the CI run: template.yaml's settings, the first round's faults, and the faults whose fixes landed.</summary>
    public static ChaosOptions Apply(ChaosOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (ClaimsEndWithTheirInvocation)
        {
            // Two kills holding a claim: each stalls its shard for up to the template's 60 s timeout, by design.
            options.ClaimKillRate = 0.003;
            options.MaxClaimKills = 2;
        }
        else
        {
            // Until then even the first round's faults lose events under the store's 2-minute claim (a batch given up
            // twice, before and after the redrive, because the claim of a timed-out invocation outlived both):
            // the run keeps the friendlier 5-second claim it had before issue 11.
            options.ClaimKillRate = 0;
            options.ClaimExpiry = TimeSpan.FromSeconds(5);
        }

        if (!PermanentFailuresAreDeadLettered)
        {
            options.PermanentFailureRate = 0;
        }

        if (!SplitCommitsAreExactlyOnce)
        {
            options.SplitCommits = 0;
        }

        if (!KplPoisonSubRecordsAreDeadLetteredAlone)
        {
            options.KplAggregates = 0;
        }

        if (!LabelLookUpsNeverForwardUnlabelled)
        {
            options.LabelFaultRate = 0;
        }

        if (!PumpWritesAreFencedByTheLease)
        {
            options.LeaseSteals = 0;
        }

        return options;
    }
}
