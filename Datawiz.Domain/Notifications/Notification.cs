namespace Datawiz.Domain.Notifications;

/// <summary>A message for one user inside the portal, e.g. the decision on something they submitted.</summary>
public sealed class Notification
{
    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    public string Message { get; set; } = "";

    /// <summary>A local address to open, e.g. the reviewed item.</summary>
    public string? Link { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ReadAt { get; set; }
}
