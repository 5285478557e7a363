namespace Datawiz.Domain.Groups;

/// <summary>People who share sensors. The owner manages the members and can hand ownership over.</summary>
public sealed class Group
{
    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    public string? Description { get; set; }

    public Guid OwnerId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public List<GroupMember> Members { get; set; } = [];
}

/// <summary>Membership; the owner is a member too.</summary>
public sealed class GroupMember
{
    public Guid GroupId { get; set; }

    public Guid UserId { get; set; }

    public DateTimeOffset JoinedAt { get; set; }
}
