namespace Datawiz.Infrastructure.Groups;

public sealed record GroupInput(string Name, string? Description);

public sealed record GroupSummary(
    Guid Id, string Name, string? Description, Guid OwnerId, string OwnerEmail, int MemberCount, DateTimeOffset CreatedAt, bool IsOwner, bool IsMember);

public sealed record GroupMemberView(Guid UserId, string Email, string DisplayName, DateTimeOffset JoinedAt, bool IsOwner);

public sealed record SharedSensorView(Guid SensorId, string Name, string OwnerEmail);

/// <summary>A group as its page shows it; <see cref="CanManage"/> is the owner, or an administrator.</summary>
public sealed record GroupDetails(
    Guid Id,
    string Name,
    string? Description,
    Guid OwnerId,
    string OwnerEmail,
    DateTimeOffset CreatedAt,
    IReadOnlyList<GroupMemberView> Members,
    IReadOnlyList<SharedSensorView> SharedSensors,
    bool IsOwner,
    bool IsMember,
    bool CanManage);
