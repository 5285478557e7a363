using System.Collections.Frozen;
using Datawiz.Domain.Accounts;
using Microsoft.AspNetCore.Identity;

namespace Datawiz.Infrastructure.Accounts;

/// <summary>
/// Refuses new passwords that are easy to guess (<see cref="PasswordRules"/>), wherever Identity sets one:
/// registration, changing it, and the administrator created from configuration. The list of common
/// passwords is embedded in the assembly (<c>Accounts/common-passwords.txt</c>), so it works offline.
/// </summary>
internal sealed class CommonPasswordValidator : IPasswordValidator<ApplicationUser>
{
    private static readonly Lazy<FrozenSet<string>> Common = new(Load);

    public static IReadOnlySet<string> CommonPasswords => Common.Value;

    public Task<IdentityResult> ValidateAsync(UserManager<ApplicationUser> manager, ApplicationUser user, string? password)
    {
        var error = password is null ? null : PasswordRules.Error(password, user.Email, Common.Value);
        return Task.FromResult(error is null
            ? IdentityResult.Success
            : IdentityResult.Failed(new IdentityError { Code = "CommonPassword", Description = error }));
    }

    private static FrozenSet<string> Load()
    {
        using var stream = typeof(CommonPasswordValidator).Assembly.GetManifestResourceStream("Datawiz.CommonPasswords.txt")
                           ?? throw new InvalidOperationException("The embedded list of common passwords is missing from the build.");
        using var reader = new StreamReader(stream);
        var passwords = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith("#!comment:", StringComparison.Ordinal))
            {
                passwords.Add(line.ToLowerInvariant());
            }
        }
        return passwords.ToFrozenSet(StringComparer.Ordinal);
    }
}
