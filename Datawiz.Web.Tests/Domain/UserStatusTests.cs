using Datawiz.Domain.Accounts;

namespace Datawiz.Web.Tests.Domain;

public sealed class UserStatusTests
{
    [Fact]
    public void Only_active_accounts_sign_in_without_a_refusal()
    {
        Assert.Null(SignInRefusal.MessageFor(UserStatus.Active));
        Assert.All(
            new[] { UserStatus.Pending, UserStatus.Suspended, UserStatus.Deleted },
            status => Assert.False(string.IsNullOrWhiteSpace(SignInRefusal.MessageFor(status))));
    }

    [Fact]
    public void Each_refused_status_has_its_own_message()
    {
        var messages = new[] { UserStatus.Pending, UserStatus.Suspended, UserStatus.Deleted }.Select(SignInRefusal.MessageFor);

        Assert.Equal(3, messages.Distinct().Count());
    }

    [Theory]
    [InlineData(UserStatus.Pending, new[] { UserStatus.Active, UserStatus.Suspended, UserStatus.Deleted })]
    [InlineData(UserStatus.Active, new[] { UserStatus.Suspended, UserStatus.Deleted })]
    [InlineData(UserStatus.Suspended, new[] { UserStatus.Active, UserStatus.Deleted })]
    [InlineData(UserStatus.Deleted, new UserStatus[0])]
    public void Administrators_may_make_these_changes(UserStatus from, UserStatus[] expected)
    {
        Assert.Equal(expected, UserStatusTransitions.TargetsFrom(from));
    }

    [Theory]
    [InlineData(UserStatus.Pending, UserStatus.Active, "Approve")]
    [InlineData(UserStatus.Active, UserStatus.Suspended, "Suspend")]
    [InlineData(UserStatus.Suspended, UserStatus.Active, "Reactivate")]
    [InlineData(UserStatus.Active, UserStatus.Deleted, "Delete")]
    public void Changes_are_named_as_people_say_them(UserStatus from, UserStatus to, string name)
    {
        Assert.Equal(name, UserStatusTransitions.ActionName(from, to));
    }

    [Theory]
    [InlineData(UserStatus.Pending)]
    [InlineData(UserStatus.Active)]
    [InlineData(UserStatus.Suspended)]
    [InlineData(UserStatus.Deleted)]
    public void Nothing_leaves_deleted(UserStatus to)
    {
        Assert.False(UserStatusTransitions.IsAllowed(UserStatus.Deleted, to));
    }
}
