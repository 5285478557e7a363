namespace Datawiz.Domain.Audit;

public enum AuditAction
{
    Create,
    Update,
    Delete,
    Approve,
    Reject,
    Submit,
    StatusChange,
    CredentialRegeneration,

    /// <summary>An invitation to a group was asked for (whether or not the address had an account).</summary>
    Invite,

    /// <summary>A command was published to a sensor (an actuator's POWER ON).</summary>
    Command,
}

/// <summary>Who did what to which entity, and when. Summaries never contain secrets.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>Null for the portal itself (seeding, background jobs).</summary>
    public Guid? ActorId { get; set; }

    /// <summary>The actor's email at the time, so the entry reads well after the account is gone.</summary>
    public string ActorName { get; set; } = "";

    public AuditAction Action { get; set; }

    /// <summary>e.g. "Sensor", "Network", "User".</summary>
    public string EntityType { get; set; } = "";

    public string EntityId { get; set; } = "";

    public string Summary { get; set; } = "";
}
