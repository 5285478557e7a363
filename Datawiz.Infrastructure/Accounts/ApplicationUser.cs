using Datawiz.Domain.Accounts;
using Microsoft.AspNetCore.Identity;

namespace Datawiz.Infrastructure.Accounts;

/// <summary>A person's account. The user name is always the email address.</summary>
public sealed class ApplicationUser : IdentityUser<Guid>
{
    public const int DisplayNameMaxLength = 100;

    public string DisplayName { get; set; } = "";

    public UserStatus Status { get; set; } = UserStatus.Pending;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? StatusChangedAt { get; set; }

    /// <summary>The class whose quotas apply; null means the default class.</summary>
    public Guid? UserClassId { get; set; }

    /// <summary>The IANA time zone the person chose for the times the portal shows; null follows the browser.</summary>
    public string? TimeZoneId { get; set; }
}
