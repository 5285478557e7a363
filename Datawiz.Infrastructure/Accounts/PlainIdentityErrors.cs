using Microsoft.AspNetCore.Identity;

namespace Datawiz.Infrastructure.Accounts;

/// <summary>Identity's refusals in the portal's plain words, saying what to do rather than what failed.</summary>
internal sealed class PlainIdentityErrors : IdentityErrorDescriber
{
    public override IdentityError PasswordTooShort(int length) =>
        new() { Code = nameof(PasswordTooShort), Description = $"The password needs at least {length} characters." };

    public override IdentityError PasswordRequiresDigit() =>
        new() { Code = nameof(PasswordRequiresDigit), Description = "Put at least one digit (0-9) in the password." };

    public override IdentityError PasswordRequiresLower() =>
        new() { Code = nameof(PasswordRequiresLower), Description = "Put at least one lowercase letter (a-z) in the password." };

    public override IdentityError PasswordRequiresUpper() =>
        new() { Code = nameof(PasswordRequiresUpper), Description = "Put at least one capital letter (A-Z) in the password." };

    public override IdentityError PasswordRequiresNonAlphanumeric() =>
        new() { Code = nameof(PasswordRequiresNonAlphanumeric), Description = "Put at least one character that is neither a letter nor a digit in the password." };

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) =>
        new() { Code = nameof(PasswordRequiresUniqueChars), Description = $"Use at least {uniqueChars} different characters in the password." };

    public override IdentityError PasswordMismatch() =>
        new() { Code = nameof(PasswordMismatch), Description = "The password is not correct." };

    public override IdentityError InvalidEmail(string? email) =>
        new() { Code = nameof(InvalidEmail), Description = "Enter an email address such as name@example.org." };
}
