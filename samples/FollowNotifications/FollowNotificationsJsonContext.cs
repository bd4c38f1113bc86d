using System.Text.Json.Serialization;

namespace FollowNotifications;

/// <summary>Source-generated JSON metadata: property binding and the message body, Native-AOT safe.</summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(PersonProperties))]
[JsonSerializable(typeof(FollowNotification))]
public sealed partial class FollowNotificationsJsonContext : JsonSerializerContext;
