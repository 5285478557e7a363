using Datawiz.Domain.Accounts;
using Datawiz.Domain.Common;
using Microsoft.AspNetCore.Identity;

namespace Datawiz.Infrastructure.Accounts;

public sealed record SignInOutcome(bool Succeeded, string? Message)
{
    public static readonly SignInOutcome Success = new(true, null);
}

/// <summary>
/// Signs a person in with email and password. The password is checked before the account status, so
/// that only someone who knows it learns that an account is pending or suspended.
/// An address without an account gets the same answers after as many attempts (<see cref="UnknownAddressLockouts"/>).
/// </summary>
public sealed class PasswordSignIn(SignInManager<ApplicationUser> signInManager, UnknownAddressLockouts unknownAddresses, TimeProvider clock)
{
    public const string InvalidCredentialsMessage = "Invalid email or password.";

    private static string? dummyHash;

    /// <summary>A hash made with the portal's own hasher and settings, so that checking against it costs what a real check costs.</summary>
    private static string DummyHash(UserManager<ApplicationUser> users) =>
        dummyHash ??= users.PasswordHasher.HashPassword(new ApplicationUser(), Guid.NewGuid().ToString("N"));

    public async Task<SignInOutcome> SignInAsync(string email, string password, bool rememberMe)
    {
        // An address no account can have is not looked up: PostgreSQL refuses text with NUL in it.
        var user = TextRules.SingleLineCharactersError(email, "Email") is null ? await signInManager.UserManager.FindByEmailAsync(email) : null;
        if (user is null)
        {
            return UnknownAddress(email, password);
        }

        var check = await signInManager.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (check.IsLockedOut)
        {
            return new SignInOutcome(false, LockedOutMessage(user.LockoutEnd));
        }
        if (!check.Succeeded)
        {
            return new SignInOutcome(false, InvalidCredentialsMessage);
        }

        var refusal = SignInRefusal.MessageFor(user.Status);
        if (refusal is not null)
        {
            return new SignInOutcome(false, refusal);
        }

        await signInManager.SignInAsync(user, rememberMe);
        return SignInOutcome.Success;
    }

    /// <summary>What a real account would answer to a wrong password: invalid, or locked after as many tries.</summary>
    private SignInOutcome UnknownAddress(string email, string password)
    {
        var key = signInManager.UserManager.NormalizeEmail(email);
        // A locked account is refused before its password is checked, so a locked unknown address is too.
        if (unknownAddresses.LockedUntil(key) is { } lockedUntil)
        {
            return new SignInOutcome(false, LockedOutMessage(lockedUntil));
        }
        // Hashing anyway makes an unknown address take as long as a wrong password for a real one.
        signInManager.UserManager.PasswordHasher.VerifyHashedPassword(new ApplicationUser(), DummyHash(signInManager.UserManager), password);
        return unknownAddresses.Failed(key) is { } lockedNow
            ? new SignInOutcome(false, LockedOutMessage(lockedNow))
            : new SignInOutcome(false, InvalidCredentialsMessage);
    }

    private string LockedOutMessage(DateTimeOffset? until)
    {
        var minutes = until is null ? 1 : Math.Max(1, (int)Math.Ceiling((until.Value - clock.GetUtcNow()).TotalMinutes));
        return $"Too many failed sign-in attempts. This account is locked; try again in {minutes} minute{(minutes == 1 ? "" : "s")}.";
    }
}
