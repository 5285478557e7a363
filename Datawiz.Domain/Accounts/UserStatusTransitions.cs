namespace Datawiz.Domain.Accounts;

/// <summary>The status changes an administrator may make, and what each is called in the portal.</summary>
public static class UserStatusTransitions
{
    public static bool IsAllowed(UserStatus from, UserStatus to) => (from, to) switch
    {
        (UserStatus.Pending, UserStatus.Active) => true,     // approve
        (UserStatus.Pending, UserStatus.Suspended) => true,  // turn away without deleting
        (UserStatus.Active, UserStatus.Suspended) => true,   // suspend
        (UserStatus.Suspended, UserStatus.Active) => true,   // reactivate
        // Deletion is soft and final: the account's data stays for the record, nothing brings it back.
        (UserStatus.Pending or UserStatus.Active or UserStatus.Suspended, UserStatus.Deleted) => true,
        _ => false,
    };

    public static string ActionName(UserStatus from, UserStatus to) => (from, to) switch
    {
        (UserStatus.Pending, UserStatus.Active) => "Approve",
        (UserStatus.Suspended, UserStatus.Active) => "Reactivate",
        (_, UserStatus.Suspended) => "Suspend",
        (_, UserStatus.Deleted) => "Delete",
        _ => $"Set {to}",
    };

    /// <summary>The changes offered for an account in a given status, in the order the portal shows them.</summary>
    public static IReadOnlyList<UserStatus> TargetsFrom(UserStatus from) =>
        Enum.GetValues<UserStatus>().Where(to => IsAllowed(from, to)).ToArray();
}
