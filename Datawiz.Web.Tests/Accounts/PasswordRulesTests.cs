using Datawiz.Domain.Accounts;
using Datawiz.Infrastructure.Accounts;

namespace Datawiz.Web.Tests.Accounts;

public sealed class PasswordRulesTests
{
    private static readonly IReadOnlySet<string> Common = CommonPasswordValidator.CommonPasswords;

    [Theory]
    [InlineData("password1", PasswordRules.CommonMessage)]
    [InlineData("PASSWORD1", PasswordRules.CommonMessage)]
    [InlineData("iloveyou", PasswordRules.CommonMessage)]
    [InlineData("monkey2024", PasswordRules.CommonWithSuffixMessage)]
    [InlineData("Dragon12!", PasswordRules.CommonWithSuffixMessage)]
    [InlineData("datawiz-rocks-1", PasswordRules.SiteNameMessage)]
    [InlineData("MyDataWiz99", PasswordRules.SiteNameMessage)]
    [InlineData("ada.lovelace1815", PasswordRules.EmailMessage)]
    [InlineData("zzzzzzzz", PasswordRules.PatternMessage)]
    [InlineData("98765432", PasswordRules.PatternMessage)]
    [InlineData("abcdefghij", PasswordRules.PatternMessage)]
    public void Easily_guessed_passwords_are_refused_saying_why(string password, string message)
    {
        Assert.Equal(message, PasswordRules.Error(password, "ada.lovelace@example.org", Common));
    }

    [Theory]
    [InlineData("secret-password-1")]
    [InlineData("correct horse battery staple")]
    [InlineData("monkey-in-the-orchard")]
    [InlineData("dragon12345")]
    [InlineData("Tr0ub4dor&3")]
    public void Passwords_that_are_not_common_are_accepted(string password)
    {
        Assert.Null(PasswordRules.Error(password, "ada.lovelace@example.org", Common));
    }

    [Fact]
    public void A_short_local_part_of_the_email_does_not_refuse_every_password_containing_it()
    {
        Assert.Null(PasswordRules.Error("bold-ox-paddock-7", "ox@example.org", Common));
        Assert.Equal(PasswordRules.EmailMessage, PasswordRules.Error("theo-paddock-7", "theo@example.org", Common));
    }

    [Fact]
    public void The_embedded_list_holds_the_few_thousand_most_common_passwords_without_its_comments()
    {
        Assert.InRange(Common.Count, 3000, 5000);
        Assert.Contains("123456", Common);
        Assert.Contains("password1", Common);
        Assert.DoesNotContain(Common, p => p.StartsWith("#!comment", StringComparison.Ordinal) || p.Length == 0);
        Assert.All(Common, p => Assert.Equal(p.ToLowerInvariant(), p));
    }
}
