using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace FollowNotifications.People;

/// <summary>
/// The small store of names the notifications need: item <c>person#{id}</c> / <c>name</c> with the name and the <c>commitNum</c>
/// that set it. A write only lands when its commit is newer, so a replayed or late older name never wins.
/// </summary>
public sealed class PeopleDirectory(IAmazonDynamoDB dynamoDb, FollowNotificationsOptions options)
{
    private const string SortKey = "name";

    /// <summary>Stores a person's name unless a newer commit already did. Returns false for an older (stale) write.</summary>
    public async Task<bool> SaveNameAsync(string personId, string name, long commitNum, CancellationToken cancellationToken = default)
    {
        try
        {
            await dynamoDb.PutItemAsync(new PutItemRequest
            {
                TableName = options.TableName,
                Item = new Dictionary<string, AttributeValue>
                {
                    ["pk"] = new() { S = Key(personId) },
                    ["sk"] = new() { S = SortKey },
                    ["name"] = new() { S = name },
                    ["commitNum"] = new() { N = commitNum.ToString(CultureInfo.InvariantCulture) },
                },
                ConditionExpression = "attribute_not_exists(pk) OR commitNum < :commit",
                ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                {
                    [":commit"] = new() { N = commitNum.ToString(CultureInfo.InvariantCulture) },
                },
            }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    /// <summary>The names of the given people that the store knows, by id.</summary>
    public async Task<IReadOnlyDictionary<string, string>> GetNamesAsync(IReadOnlyCollection<string> personIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(personIds);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var keys = personIds.Distinct(StringComparer.Ordinal)
            .Select(id => new Dictionary<string, AttributeValue> { ["pk"] = new() { S = Key(id) }, ["sk"] = new() { S = SortKey } })
            .ToList();
        var request = new Dictionary<string, KeysAndAttributes>
        {
            [options.TableName] = new() { Keys = keys, ConsistentRead = true, ProjectionExpression = "pk, #n", ExpressionAttributeNames = new Dictionary<string, string> { ["#n"] = "name" } },
        };
        // BatchGetItem may return part of the keys as unprocessed; ask again for those (two keys here, rarely needed).
        for (int round = 0; round < 5 && request.Count > 0; round++)
        {
            var response = await dynamoDb.BatchGetItemAsync(request, cancellationToken).ConfigureAwait(false);
            foreach (var item in response.Responses?.GetValueOrDefault(options.TableName) ?? [])
            {
                names[item["pk"].S["person#".Length..]] = item["name"].S;
            }

            request = response.UnprocessedKeys ?? [];
        }

        return names;
    }

    private static string Key(string personId) => "person#" + personId;
}
