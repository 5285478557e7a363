using Bunit;
using Datawiz.Web.Accounts;
using Datawiz.Web.Components.Layout;

namespace Datawiz.Web.Tests.Components;

public sealed class AuditLogNavTests : MudBlazorTestContext
{
    // The waiting counts beside Users and Reviews read the database; they are tested with it in AdminQueueTests
    // and LiveNotificationJourneyTests. Here only the links matter.
    public AuditLogNavTests() => ComponentFactories.AddStub<WaitingCount>();

    [Fact]
    public void Admins_find_the_audit_log_under_administration()
    {
        AddAuthorization().SetAuthorized("admin").SetPolicies(Policies.Admin);

        var menu = RenderMud<NavMenu>();

        var link = Assert.Single(menu.FindAll("a"), a => a.GetAttribute("href") == "/admin/audit");
        Assert.Contains("Audit log", link.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Members_do_not_see_the_audit_log()
    {
        AddAuthorization().SetAuthorized("member");

        var menu = RenderMud<NavMenu>();

        Assert.DoesNotContain(menu.FindAll("a"), a => a.GetAttribute("href") == "/admin/audit");
    }
}
