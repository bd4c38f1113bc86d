using System.Net;
using Amazon.Runtime;

namespace Neptune.Streams.Lambda.Resilience;

/// <summary>Which AWS errors are worth another try: throttling and server-side (5xx) errors, nothing the caller caused.</summary>
internal static class AwsTransientErrors
{
    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestThrottledException",
        "TooManyRequestsException",
        "ProvisionedThroughputExceededException",
        "TransactionInProgressException",
        "RequestLimitExceeded",
        "RequestThrottled",
        "SlowDown",
        "PriorRequestNotComplete",
        "EC2ThrottledException",
    };

    public static bool IsTransient(Exception exception) => exception switch
    {
        AmazonServiceException service => (int)service.StatusCode >= 500
            || service.StatusCode == HttpStatusCode.TooManyRequests
            || (service.ErrorCode is { } code && ThrottlingCodes.Contains(code)),
        // The request never got an answer (connection reset, DNS, socket): the SDK wraps those as client exceptions.
        AmazonClientException { InnerException: HttpRequestException or IOException } => true,
        HttpRequestException or IOException => true,
        _ => false,
    };
}
