namespace Datawiz.Infrastructure.Networks;

/// <summary>
/// What a person typed. On an edit an empty <see cref="Password"/> keeps the stored one; only
/// <see cref="RemovePassword"/> turns the network into an open one.
/// </summary>
public sealed record NetworkInput(string Name, string Ssid, string? Password, bool RemovePassword = false);

public sealed record NetworkSummary(
    Guid Id, string Name, string Ssid, bool IsOpen, Guid OwnerId, string OwnerEmail, int SensorCount, DateTimeOffset CreatedAt);

/// <summary>A network as its page shows it: never the password, only whether the actor may reveal it.</summary>
public sealed record NetworkDetails(
    Guid Id, string Name, string Ssid, bool IsOpen, Guid OwnerId, string OwnerEmail, int SensorCount, DateTimeOffset CreatedAt, bool CanReveal);

/// <summary>A network offered when a sensor is set up.</summary>
public sealed record NetworkChoice(Guid Id, string Name, string Ssid);
