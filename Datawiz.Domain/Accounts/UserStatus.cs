namespace Datawiz.Domain.Accounts;

/// <summary>Where an account stands; only <see cref="Active"/> accounts may sign in.</summary>
public enum UserStatus
{
    Pending = 0,
    Active = 1,
    Suspended = 2,
    Deleted = 3,
}
