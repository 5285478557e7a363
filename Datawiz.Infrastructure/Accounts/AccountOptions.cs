using System.ComponentModel.DataAnnotations;

namespace Datawiz.Infrastructure.Accounts;

/// <summary>The <c>Accounts</c> configuration section.</summary>
public sealed class AccountOptions
{
    public const string Section = "Accounts";

    /// <summary>New accounts become Active at once instead of waiting for an administrator.</summary>
    public bool AutoApprove { get; set; }

    /// <summary>Failed sign-ins in a row before the account is locked for <see cref="LockoutMinutes"/>.</summary>
    [Range(1, 100)]
    public int MaxFailedSignIns { get; set; } = 5;

    [Range(1, 10080)]
    public int LockoutMinutes { get; set; } = 5;

    /// <summary>
    /// How often a signed-in session is checked against the database (status, password changes, sign-out
    /// elsewhere). Short, so that suspending an account takes effect quickly.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan RevalidationInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>An administrator created at start-up for unattended deployments (e.g. <c>Accounts__Admin__Email</c>).</summary>
    public ConfiguredAdmin Admin { get; set; } = new();
}

public sealed class ConfiguredAdmin
{
    public string? Email { get; set; }
    public string? Password { get; set; }
    public string DisplayName { get; set; } = "Administrator";
}
