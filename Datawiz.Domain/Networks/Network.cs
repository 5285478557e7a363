namespace Datawiz.Domain.Networks;

/// <summary>A WiFi network a user's sensors connect to.</summary>
public sealed class Network
{
    public const int SsidLength = 32;
    public const int PasswordMaxLength = 63;

    public Guid Id { get; set; }

    public Guid OwnerId { get; set; }

    public string Name { get; set; } = "";

    public string Ssid { get; set; } = "";

    /// <summary>The WiFi password, encrypted with Data Protection; never the plain text.</summary>
    public string ProtectedPassword { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}
