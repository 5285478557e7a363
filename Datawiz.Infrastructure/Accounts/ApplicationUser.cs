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

    /// <summary>
    /// The hash of the person's own MQTT password, for his applications (Node-RED) to connect to the broker
    /// with his user name; null until he creates one on his profile. Hashed like sensor passwords.
    /// </summary>
    public string? MqttPasswordHash { get; set; }
}
