using Datawiz.Domain.Common;

namespace Datawiz.Domain.Groups;

/// <summary>What a group's fields may hold and who may do what with its membership.</summary>
public static class GroupRules
{
    public const string OwnerCannotLeave =
        "You own this group: hand it over to another member first, or delete the group.";

    public const string OwnerCannotBeRemoved =
        "The owner cannot be removed: hand the group over to another member first.";

    /// <summary>Invitations one person may send in an hour, so that nobody can be flooded with them.</summary>
    public const int InvitationsPerHour = 20;

    /// <summary>
    /// The answer to every invitation by email, whether or not the address has an account: the inviter
    /// learns who exists only when the person accepts.
    /// </summary>
    public const string InvitationSent =
        "If an account with this address exists, it has been invited. The person becomes a member once they accept.";

    public static readonly string TooManyInvitations =
        $"You have sent {InvitationsPerHour} invitations in the last hour, the most allowed. Try again later.";

    public static IReadOnlyList<string> InputErrors(string? name, string? description) =>
        new[]
        {
            TextRules.NameError(name),
            TextRules.MultiLineError(description?.Trim(), "Description", Limits.DescriptionLength),
        }.OfType<string>().ToArray();

    /// <summary>Why <paramref name="userId"/> may not leave a group owned by <paramref name="ownerId"/>, or null.</summary>
    public static string? LeaveError(Guid ownerId, Guid userId) => ownerId == userId ? OwnerCannotLeave : null;

    /// <summary>Why ownership may not pass to <paramref name="newOwnerId"/>, or null.</summary>
    public static string? HandOverError(Guid ownerId, Guid newOwnerId, bool newOwnerIsMember)
    {
        if (newOwnerId == ownerId)
        {
            return "That person already owns the group.";
        }
        return newOwnerIsMember ? null : "Ownership can only pass to a member of the group: invite them first.";
    }
}
