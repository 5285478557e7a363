using Bunit;
using Datawiz.Web.Accounts;
using Datawiz.Web.Components.Layout;

namespace Datawiz.Web.Tests.Components;

public sealed class NavMenuTests : MudBlazorTestContext
{
    // The waiting counts beside Users and Reviews read the database; they are tested with it in AdminQueueTests
    // and LiveNotificationJourneyTests. Here only the links matter.
    public NavMenuTests() => ComponentFactories.AddStub<WaitingCount>();

    private static readonly string[] MemberSections = ["/dashboard", "/history", "/sensors", "/sensor-types", "/networks", "/locations", "/applications", "/groups"];
    private static readonly string[] AdminSections = ["/admin/users", "/admin/user-classes", "/admin/reviews", "/admin/cluster"];

    [Fact]
    public void Members_see_every_section_but_administration()
    {
        AddAuthorization().SetAuthorized("member");

        var menu = RenderMud<NavMenu>();

        var links = menu.FindAll("a").Select(a => a.GetAttribute("href")).OfType<string>().ToHashSet();
        Assert.Subset(links, MemberSections.ToHashSet());
        Assert.Empty(AdminSections.Intersect(links));
        Assert.DoesNotContain("Administration", menu.Markup);
    }

    [Fact]
    public void Admins_also_see_administration()
    {
        AddAuthorization().SetAuthorized("admin").SetPolicies(Policies.Admin);

        var menu = RenderMud<NavMenu>();

        var links = menu.FindAll("a").Select(a => a.GetAttribute("href")).OfType<string>().ToHashSet();
        Assert.Subset(links, AdminSections.Concat(MemberSections).ToHashSet());
    }
}
