using System.Security.Claims;
using Datawiz.Domain.Accounts;
using Datawiz.Domain.Common;
using Microsoft.AspNetCore.Identity;

namespace Datawiz.Infrastructure.Accounts;

/// <summary>What signed-in people change about their own account.</summary>
public sealed class AccountSelfService(SignInManager<ApplicationUser> signInManager, UserMqttAuthenticator userMqtt)
{
    private UserManager<ApplicationUser> Users => signInManager.UserManager;

    public async Task<ApplicationUser?> FindAsync(ClaimsPrincipal principal) => await Users.GetUserAsync(principal);

    /// <returns>The problems to show; empty when saved.</returns>
    /// <param name="timeZoneId">An IANA zone id, or null or empty to follow the browser's zone.</param>
    public async Task<IReadOnlyList<string>> UpdateProfileAsync(ClaimsPrincipal principal, string displayName, string email, string? timeZoneId = null)
    {
        var user = await Users.GetUserAsync(principal);
        if (user is null)
        {
            return ["Your account no longer exists."];
        }

        if (TextRules.SingleLineCharactersError(email, "Email") is { } emailError)
        {
            return [emailError];
        }
        if (TimeZoneRules.Error(timeZoneId) is { } zoneError)
        {
            return [zoneError];
        }
        if (!string.Equals(user.Email, email, StringComparison.OrdinalIgnoreCase)
            && await Users.FindByEmailAsync(email) is not null)
        {
            return [AccountRegistration.DuplicateEmailMessage];
        }

        var renamed = !string.Equals(user.UserName, email, StringComparison.Ordinal);
        user.DisplayName = displayName.Trim();
        user.Email = email;
        user.UserName = email;
        user.TimeZoneId = string.IsNullOrWhiteSpace(timeZoneId) ? null : TimeZoneRules.Find(timeZoneId)!.Id;
        var result = await Users.UpdateAsync(user);
        if (!result.Succeeded)
        {
            return AccountRegistration.Describe(result).ToArray();
        }
        if (renamed && user.MqttPasswordHash is not null)
        {
            // The user name is the MQTT username too: applications still connected under the old one must sign in anew.
            userMqtt.Revoke(user.Id);
        }
        // The cookie carries the display name, email and time zone; renew it so that the shell shows the new ones.
        await signInManager.RefreshSignInAsync(user);
        return [];
    }

    public async Task<IReadOnlyList<string>> ChangePasswordAsync(ClaimsPrincipal principal, string currentPassword, string newPassword)
    {
        var user = await Users.GetUserAsync(principal);
        if (user is null)
        {
            return ["Your account no longer exists."];
        }
        var result = await Users.ChangePasswordAsync(user, currentPassword, newPassword);
        if (!result.Succeeded)
        {
            return result.Errors.Select(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch)
                ? "The current password is not correct."
                : e.Description).ToArray();
        }
        // Changing the password renews the security stamp, which signs out every other session; keep this one.
        await signInManager.RefreshSignInAsync(user);
        return [];
    }
}
