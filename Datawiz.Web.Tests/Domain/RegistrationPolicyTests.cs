using Datawiz.Domain.Accounts;

namespace Datawiz.Web.Tests.Domain;

public sealed class RegistrationPolicyTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_first_account_becomes_an_active_admin(bool autoApprove)
    {
        var outcome = RegistrationPolicy.Decide(anyAccountExists: false, autoApprove);

        Assert.Equal(new RegistrationOutcome(UserStatus.Active, Roles.Admin), outcome);
    }

    [Fact]
    public void Later_accounts_wait_for_approval()
    {
        Assert.Equal(new RegistrationOutcome(UserStatus.Pending, Roles.User), RegistrationPolicy.Decide(anyAccountExists: true, autoApprove: false));
    }

    [Fact]
    public void Later_accounts_are_active_at_once_with_auto_approval()
    {
        Assert.Equal(new RegistrationOutcome(UserStatus.Active, Roles.User), RegistrationPolicy.Decide(anyAccountExists: true, autoApprove: true));
    }
}
