using Datawiz.Domain.Accounts;
using Datawiz.Domain.Audit;
using Datawiz.Domain.Common;
using Datawiz.Infrastructure.Audit;
using Datawiz.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Datawiz.Infrastructure.Accounts;

public sealed record RegistrationResult(bool Succeeded, UserStatus Status, IReadOnlyList<string> Errors)
{
    public static RegistrationResult Failed(params IEnumerable<string> errors) => new(false, UserStatus.Pending, errors.ToArray());
}

/// <summary>Creates accounts; the first one ever becomes the administrator.</summary>
public sealed class AccountRegistration(
    UserManager<ApplicationUser> users,
    RegistrationGate gate,
    TimeProvider clock,
    IOptions<AccountOptions> options,
    DatawizDbContext db,
    AuditTrail audit,
    Notifications.AdminQueues queues,
    ILogger<AccountRegistration> logger)
{
    public const string DuplicateEmailMessage = "An account with this email address already exists.";

    public async Task<RegistrationResult> RegisterAsync(string email, string displayName, string password, CancellationToken cancellationToken)
    {
        // Checked before Identity looks the address up, which PostgreSQL would refuse for text with NUL in it.
        if (TextRules.SingleLineCharactersError(email, "Email") is { } emailError)
        {
            return RegistrationResult.Failed(emailError);
        }
        // Serialised so that two registrations racing on an empty database cannot both become the first.
        await gate.WaitAsync(cancellationToken);
        try
        {
            var anyAccount = await users.Users.AnyAsync(cancellationToken);
            var outcome = RegistrationPolicy.Decide(anyAccount, options.Value.AutoApprove);
            var user = new ApplicationUser
            {
                UserName = email,
                Email = email,
                DisplayName = displayName.Trim(),
                Status = outcome.Status,
                CreatedAt = clock.GetUtcNow(),
            };

            IdentityResult created;
            try
            {
                created = await users.CreateAsync(user, password);
            }
            catch (DbUpdateException)
            {
                // Another request inserted the same email between the uniqueness check and the insert.
                return AsIfRegistered();
            }
            if (!created.Succeeded)
            {
                // Only the taken address is hidden: the other errors (a weak password) say nothing about it.
                var errors = created.Errors.Where(e => !IsDuplicate(e)).Select(e => e.Description).Distinct().ToList();
                return errors.Count == 0 ? AsIfRegistered() : RegistrationResult.Failed(errors);
            }

            var roleAdded = await users.AddToRoleAsync(user, outcome.Role);
            if (!roleAdded.Succeeded)
            {
                await users.DeleteAsync(user);
                return RegistrationResult.Failed(Describe(roleAdded));
            }

            // The new person is the actor: nobody else was involved. Saved on its own, once the role is in
            // place (only then is the account registered), and not cancelled: the account exists by now.
            audit.Record(db, new Actor(user.Id, email, outcome.Role == Roles.Admin), AuditAction.Create, AuditEntities.User, user.Id,
                $"Registered the account {email} as {outcome.Role}, status {outcome.Status}.");
            if (outcome.Status == UserStatus.Pending)
            {
                await queues.ArrivedAsync(db, Notifications.AdminWork.Accounts,
                    $"{user.DisplayName} ({email}) registered and waits for your approval.", "/admin/users", CancellationToken.None);
            }
            await db.SaveChangesAsync(CancellationToken.None);

            logger.LogInformation("Account {UserId} registered as {Role}, status {Status}", user.Id, outcome.Role, outcome.Status);
            return new RegistrationResult(true, outcome.Status, []);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Identity reports a taken email twice (as user name and as email); people need to read it once.</summary>
    internal static IEnumerable<string> Describe(IdentityResult result) =>
        result.Errors.Select(e => IsDuplicate(e) ? DuplicateEmailMessage : e.Description).Distinct();

    private static bool IsDuplicate(IdentityError error) =>
        error.Code is nameof(IdentityErrorDescriber.DuplicateUserName) or nameof(IdentityErrorDescriber.DuplicateEmail);

    /// <summary>
    /// A taken address is answered like a new registration waiting for approval, so that the form does not
    /// tell anyone which addresses have accounts; the owner of the address can still sign in or reset as before.
    /// </summary>
    private RegistrationResult AsIfRegistered()
    {
        logger.LogInformation("A registration for an address that already has an account was answered as pending");
        return new RegistrationResult(true, UserStatus.Pending, []);
    }
}

/// <summary>One registration at a time in this process.</summary>
public sealed class RegistrationGate : IDisposable
{
    private readonly SemaphoreSlim semaphore = new(1, 1);

    public Task WaitAsync(CancellationToken cancellationToken) => semaphore.WaitAsync(cancellationToken);

    public void Release() => semaphore.Release();

    public void Dispose() => semaphore.Dispose();
}
