namespace Datawiz.Web.Accounts;

/// <summary>
/// What the account forms say about a field, in plain words instead of the framework's ("The Email field is
/// required."). Constants, because validation attributes take only constants.
/// </summary>
public static class FormMessages
{
    public const string EnterEmail = "Enter your email.";
    public const string EmailShape = "Enter an email address such as name@example.org.";
    public const string EmailTooLong = "An email address has at most 256 characters.";
    public const string EnterDisplayName = "Enter the name others see, e.g. your first name.";
    public const string DisplayNameLength = "At least 2 characters, at most 100.";
    public const string EnterPassword = "Enter your password.";
    public const string EnterCurrentPassword = "Enter your current password.";
    public const string EnterNewPassword = "Enter a new password.";
    public const string PasswordLength = "At least 8 characters, at most 128.";
    public const string PasswordTooLong = "A password has at most 128 characters.";
    public const string RepeatPassword = "Enter the password again.";
    public const string PasswordsDiffer = "The two passwords are not the same.";
}
