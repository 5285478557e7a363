namespace Datawiz.Infrastructure.Groups;

public sealed record GroupInput(string Name, string? Description);

public sealed record GroupSummary(
    Guid Id, string Name, string? Description, Guid OwnerId, string OwnerName, int MemberCount, DateTimeOffset CreatedAt, bool IsOwner, bool IsMember);

/// <param name="Name">As <see cref="Accounts.PersonName"/> shows the member to the viewer: the display name, with the email for administrators.</param>
public sealed record GroupMemberView(Guid UserId, string Name, DateTimeOffset JoinedAt, bool IsOwner);

public sealed record SharedSensorView(Guid SensorId, string Name, string OwnerName);

/// <summary>A group as its page shows it; <see cref="CanManage"/> is the owner, or an administrator.</summary>
public sealed record GroupDetails(
    Guid Id,
    string Name,
    string? Description,
    Guid OwnerId,
    string OwnerName,
    DateTimeOffset CreatedAt,
    IReadOnlyList<GroupMemberView> Members,
    IReadOnlyList<SharedSensorView> SharedSensors,
    bool IsOwner,
    bool IsMember,
    bool CanManage);

/// <param name="InvitedBy">As <see cref="Accounts.PersonName"/> shows the inviter to the invitee.</param>
public sealed record GroupInvitationView(Guid Id, string GroupName, string? GroupDescription, string InvitedBy, DateTimeOffset CreatedAt);
