using Datawiz.Domain.Groups;
using Datawiz.E2E.Pages;
using Datawiz.Infrastructure.Groups;
using Datawiz.Web.Tests.Harness;

namespace Datawiz.E2E.Journeys;

/// <summary>
/// A group's owner invites by email and learns nothing about the address; the invitee joins only by
/// accepting, from the notification the invitation brings. Owner and invitee each have a browser context.
/// </summary>
public sealed class GroupInvitationJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_invitee_joins_only_by_accepting_and_the_form_answers_alike_for_any_address()
    {
        await using var app = new SqliteApp();
        await app.InitializeAsync();
        var ownerEmail = TestAccounts.UniqueEmail("owner");
        var owner = await app.CreateAccountAsync(ownerEmail);
        var inviteeEmail = TestAccounts.UniqueEmail("invitee");
        await app.CreateAccountAsync(inviteeEmail);
        var group = await app.CreateGroupAsync(owner.Id);

        var ownerPage = await SignedInPageAsync(app, ownerEmail);
        var ownerShell = new Shell(ownerPage);
        await ownerShell.OpenAsync($"/groups/{group.Id}");
        var sent = ownerShell.Snackbar.Filter(new() { HasText = GroupRules.InvitationSent });
        await InviteAsync(ownerPage, TestAccounts.UniqueEmail("nobody"));
        await Expect(sent).ToBeVisibleAsync();
        // The snackbar shows one copy of a message at a time: the second answer must appear on its own.
        await Expect(sent).ToHaveCountAsync(0, new() { Timeout = 15_000 });
        await InviteAsync(ownerPage, inviteeEmail);
        await Expect(sent).ToBeVisibleAsync();
        await Expect(ownerPage.Locator("[data-testid=group-member]")).ToHaveCountAsync(1);

        var inviteePage = await SignedInPageAsync(app, inviteeEmail);
        var notifications = new NotificationsPage(inviteePage);
        await notifications.OpenFromBellAsync();
        await Expect(notifications.Messages.First).ToContainTextAsync($"invited you to the group \"{group.Name}\"");
        await notifications.OpenNewestAsync();
        await inviteePage.WaitForURLAsync($"**{GroupService.InvitationsPage}");
        var invitation = inviteePage.Locator("[data-testid=group-invitation]");
        await Expect(invitation.Locator("[data-testid=group-invitation-name]")).ToHaveTextAsync(group.Name);
        await invitation.Locator("[data-testid=group-invitation-accept]").ClickAsync();

        await inviteePage.WaitForURLAsync($"**/groups/{group.Id}");
        await Expect(inviteePage.Locator("[data-testid=group-member]")).ToHaveCountAsync(2);
        await inviteePage.GotoAsync(GroupService.InvitationsPage);
        await Expect(inviteePage.Locator("[data-testid=empty-state]")).ToBeVisibleAsync();
    }

    private static async Task InviteAsync(IPage page, string email)
    {
        await page.Locator("input[data-testid=group-member-email]").FillAsync(email);
        await page.Locator("[data-testid=group-member-add]").ClickAsync();
        // The field empties once the invitation is answered, ready for the next address.
        await Expect(page.Locator("input[data-testid=group-member-email]")).ToHaveValueAsync("");
    }

    private async Task<IPage> SignedInPageAsync(DatawizApp app, string email)
    {
        var page = await browser.NewPageAsync(app.BaseAddress);
        await new LoginPage(page).SignInAsync(email, TestAccounts.Password);
        var shell = new Shell(page);
        await Expect(shell.SignedInAs).ToBeVisibleAsync();
        await shell.WaitUntilInteractiveAsync();
        return page;
    }
}
