using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Neptune.Streams.Local.NeptuneEndpoint;

/// <summary>Reads and validates the stream API's query parameters the way Neptune does.</summary>
internal static class StreamRequestParser
{
    public const int MaxLimit = 100_000;

    public static StreamError? Parse(IQueryCollection query, out StreamIteratorType iteratorType, out long commitNum, out long opNum, out int limit)
    {
        iteratorType = StreamIteratorType.AtSequenceNumber;
        commitNum = 0;
        opNum = 1;
        limit = 10;

        string? limitText = Value(query, "limit");
        if (limitText is not null)
        {
            if (!long.TryParse(limitText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long parsed) || parsed < 1 || parsed > MaxLimit)
            {
                return StreamError.InvalidParameter($"Invalid value for limit: '{limitText}'. It must be a number from 1 to {MaxLimit}.");
            }

            limit = (int)parsed;
        }

        switch (Value(query, "iteratorType"))
        {
            case null or "AT_SEQUENCE_NUMBER":
                break;
            case "AFTER_SEQUENCE_NUMBER":
                iteratorType = StreamIteratorType.AfterSequenceNumber;
                break;
            case "TRIM_HORIZON":
                iteratorType = StreamIteratorType.TrimHorizon;
                return null;
            case "LATEST":
                iteratorType = StreamIteratorType.Latest;
                return null;
            case var other:
                return StreamError.InvalidParameter(
                    $"Invalid value for iteratorType: '{other}'. Use AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER, TRIM_HORIZON or LATEST.");
        }

        string? commitText = Value(query, "commitNum");
        if (commitText is null)
        {
            return StreamError.InvalidParameter("commitNum is required when iteratorType is AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER.");
        }

        if (!long.TryParse(commitText, NumberStyles.None, CultureInfo.InvariantCulture, out commitNum) || commitNum < 1)
        {
            return StreamError.InvalidParameter($"Invalid value for commitNum: '{commitText}'.");
        }

        string? opText = Value(query, "opNum");
        if (opText is not null && (!long.TryParse(opText, NumberStyles.None, CultureInfo.InvariantCulture, out opNum) || opNum < 0))
        {
            return StreamError.InvalidParameter($"Invalid value for opNum: '{opText}'.");
        }

        return null;
    }

    private static string? Value(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) ? values.ToString() : null;
}
