using System.Globalization;

namespace Neptune.Streams.Lambda.Checkpoints;

/// <summary>
/// The one table checkpoints, idempotency items and the pump's position and lease share: string keys <c>pk</c> and
/// <c>sk</c>, TTL on <c>ttl</c> (epoch seconds). Item types are told apart by the prefix of <c>pk</c>.
/// </summary>
internal static class TableSchema
{
    public const string PartitionKey = "pk";
    public const string SortKey = "sk";
    public const string TimeToLive = "ttl";

    public const string CheckpointPrefix = "checkpoint#";
    public const string IdempotencyPrefix = "idempotency#";
    public const string HighWaterMarkPrefix = "hwm#";
    public const string PumpPrefix = "pump#";
    public const string RedrivePrefix = "redrive#";

    /// <summary>DynamoDB's TTL wants whole epoch seconds as a number.</summary>
    public static string EpochSeconds(DateTimeOffset time) => time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
}
