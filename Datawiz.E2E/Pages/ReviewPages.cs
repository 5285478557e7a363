namespace Datawiz.E2E.Pages;

/// <summary>Administration → Reviews: the queue and the page where an administrator decides.</summary>
public sealed class ReviewPages(IPage page)
{
    public ILocator Items => page.Locator("[data-testid=review-item]");

    public ILocator Item(string name) => Items.Filter(new() { HasText = name });

    public ILocator Name => page.Locator("[data-testid=review-name]");

    public ILocator Status => page.Locator("[data-testid=review-status]");

    public ILocator Submitter => page.Locator("[data-testid=review-submitter]");

    public Task OpenQueueAsync() => new Shell(page).OpenAsync("/admin/reviews");

    public async Task OpenAsync(string name)
    {
        await Item(name).ClickAsync();
        await page.WaitForURLAsync("**/admin/reviews/*/*");
        await new Shell(page).WaitUntilInteractiveAsync();
    }

    /// <summary>Approves with a comment; the page goes back to the queue once the decision is recorded.</summary>
    public async Task ApproveAsync(string comment)
    {
        await page.Locator("textarea[data-testid=review-comment]").FillAsync(comment);
        await page.Locator("[data-testid=review-approve]").ClickAsync();
        await page.WaitForURLAsync("**/admin/reviews");
    }
}
