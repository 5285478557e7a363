namespace Datawiz.Domain.Accounts;

/// <summary>The message a person sees when the right password meets an account that may not sign in.</summary>
public static class SignInRefusal
{
    public static string? MessageFor(UserStatus status) => status switch
    {
        UserStatus.Active => null,
        UserStatus.Pending => "Your account is waiting for an administrator's approval. You can sign in once it is approved.",
        UserStatus.Suspended => "Your account is suspended. Please contact an administrator.",
        UserStatus.Deleted => "This account has been deleted.",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown account status."),
    };
}
