namespace Datawiz.Domain.Accounts;

/// <summary>
/// What keeps the portal administrable: administrators cannot lock themselves out, and some active
/// administrator always remains.
/// </summary>
public static class AdminSafeguards
{
    public const string OwnStatusMessage = "You cannot suspend or delete your own account; ask another administrator.";
    public const string OwnRoleMessage = "You cannot remove your own administrator role; ask another administrator.";
    public const string LastAdminMessage =
        "This is the last active administrator; make another account an administrator first.";

    /// <summary>Why the acting administrator may not give their own account this status, or null.</summary>
    public static string? OwnStatusError(bool isSelf, UserStatus to) =>
        isSelf && to != UserStatus.Active ? OwnStatusMessage : null;

    /// <summary>Why the acting administrator may not give their own account this role, or null.</summary>
    public static string? OwnRoleError(bool isSelf, string role) =>
        isSelf && role != Roles.Admin ? OwnRoleMessage : null;

    /// <summary>
    /// Refuses a change that would leave no active administrator: the account is one now, will not be
    /// one afterwards, and no other active administrator exists.
    /// </summary>
    public static string? LastAdminError(bool isActiveAdminNow, bool isActiveAdminAfter, int otherActiveAdmins) =>
        isActiveAdminNow && !isActiveAdminAfter && otherActiveAdmins == 0 ? LastAdminMessage : null;
}
