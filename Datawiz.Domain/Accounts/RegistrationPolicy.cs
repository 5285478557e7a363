namespace Datawiz.Domain.Accounts;

/// <summary>What a newly registered account becomes.</summary>
public sealed record RegistrationOutcome(UserStatus Status, string Role);

public static class RegistrationPolicy
{
    /// <summary>
    /// The very first account administers the portal, so that a fresh installation is usable without
    /// any configuration; every later one waits for an administrator unless auto-approval is on.
    /// </summary>
    public static RegistrationOutcome Decide(bool anyAccountExists, bool autoApprove) =>
        !anyAccountExists
            ? new RegistrationOutcome(UserStatus.Active, Roles.Admin)
            : new RegistrationOutcome(autoApprove ? UserStatus.Active : UserStatus.Pending, Roles.User);
}
