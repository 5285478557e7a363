using Datawiz.Domain.Common;
using Microsoft.AspNetCore.Identity;

namespace Datawiz.Infrastructure.Accounts;

/// <summary>
/// Holds the display name and email of every account to the single-line text rule, whichever way the account
/// is created or changed (registration, profile, the configured administrator): Identity runs it on each save.
/// </summary>
internal sealed class AccountTextValidator : IUserValidator<ApplicationUser>
{
    public Task<IdentityResult> ValidateAsync(UserManager<ApplicationUser> manager, ApplicationUser user)
    {
        var errors = new[]
            {
                TextRules.SingleLineError(user.DisplayName, "Display name", ApplicationUser.DisplayNameMaxLength, minLength: 2),
                user.Email is null ? null : TextRules.SingleLineCharactersError(user.Email, "Email"),
            }
            .OfType<string>()
            .Select(message => new IdentityError { Code = "InvalidText", Description = message })
            .ToArray();
        return Task.FromResult(errors.Length == 0 ? IdentityResult.Success : IdentityResult.Failed(errors));
    }
}
