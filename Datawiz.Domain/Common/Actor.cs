namespace Datawiz.Domain.Common;

/// <summary>Who is acting: every service call that reads or changes owned data takes one, so ownership is checked on the server.</summary>
public sealed record Actor(Guid UserId, string Name, bool IsAdmin)
{
    /// <summary>May this actor change something owned by <paramref name="ownerId"/>?</summary>
    public bool Owns(Guid ownerId) => IsAdmin || UserId == ownerId;
}
