namespace Datawiz.Infrastructure.Broker;

/// <summary>The client id the server gives a client that sent an empty one (MQTT 5 and 3.1.1 §3.1.3.1): unique, and naming its account.</summary>
internal static class AssignedClientId
{
    public static string For(string? username) => $"{username}-{Guid.NewGuid():N}";
}
