using Datawiz.Domain.Accounts;

namespace Datawiz.Web.Tests.Domain;

public sealed class AdminSafeguardsTests
{
    [Theory]
    [InlineData(UserStatus.Suspended)]
    [InlineData(UserStatus.Deleted)]
    public void Admins_cannot_suspend_or_delete_themselves(UserStatus to)
    {
        Assert.Equal(AdminSafeguards.OwnStatusMessage, AdminSafeguards.OwnStatusError(isSelf: true, to));
        Assert.Null(AdminSafeguards.OwnStatusError(isSelf: false, to));
    }

    [Fact]
    public void Admins_cannot_drop_their_own_admin_role()
    {
        Assert.Equal(AdminSafeguards.OwnRoleMessage, AdminSafeguards.OwnRoleError(isSelf: true, Roles.User));
        Assert.Null(AdminSafeguards.OwnRoleError(isSelf: true, Roles.Admin));
        Assert.Null(AdminSafeguards.OwnRoleError(isSelf: false, Roles.User));
    }

    [Theory]
    [InlineData(true, false, 0, true)]
    [InlineData(true, false, 1, false)]
    [InlineData(true, true, 0, false)]
    [InlineData(false, false, 0, false)]
    public void The_last_active_admin_stays(bool now, bool after, int others, bool refused)
    {
        Assert.Equal(refused, AdminSafeguards.LastAdminError(now, after, others) is not null);
    }
}
