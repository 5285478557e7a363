namespace Datawiz.Domain.Sensors;

/// <summary>Where things publish: every user has a prefix, every sensor a topic under its owner's prefix.</summary>
public static class TopicScheme
{
    public static string UserPrefix(Guid userId) => $"users/{userId:N}";

    public static string SensorPrefix(Guid ownerId, string mqttUsername) => $"{UserPrefix(ownerId)}/sensors/{mqttUsername}";
}
