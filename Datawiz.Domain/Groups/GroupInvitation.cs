namespace Datawiz.Domain.Groups;

/// <summary>
/// A group's manager asked a person to join; the person becomes a member only by accepting. Answered
/// invitations are deleted: the audit trail keeps what happened.
/// </summary>
public sealed class GroupInvitation
{
    public Guid Id { get; set; }

    public Guid GroupId { get; set; }

    public Guid InviteeId { get; set; }

    public Guid InvitedById { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
