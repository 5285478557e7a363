namespace Datawiz.E2E.Pages;

/// <summary>Application templates: the editor, a template's page and its comments.</summary>
public sealed class TemplatePages(IPage page)
{
    public ILocator Title => page.Locator("[data-testid=template-title]");

    public ILocator Status => page.Locator("[data-testid=template-status-chip]");

    /// <summary>The administrator's decision and comment, shown on the template's page.</summary>
    public ILocator Review => page.Locator("[data-testid=template-review]");

    public ILocator Comments => page.Locator("[data-testid=comment]");

    public async Task StartNewAsync()
    {
        await new Shell(page).OpenAsync("/applications/templates");
        await page.Locator("[data-testid=template-new]").ClickAsync();
        await page.WaitForURLAsync("**/applications/templates/new");
        await new Shell(page).WaitUntilInteractiveAsync();
    }

    public async Task FillAsync(string testId, string value)
    {
        var field = page.Locator($"input[data-testid={testId}], textarea[data-testid={testId}]");
        await field.FillAsync(value);
        await field.BlurAsync();
    }

    public async Task SaveAsync()
    {
        await page.Locator("[data-testid=template-save]").ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/applications/templates/[0-9a-f-]{36}$"));
    }

    public async Task SubmitForReviewAsync() => await page.Locator("[data-testid=template-submit]").ClickAsync();

    public async Task AddCommentAsync(string text)
    {
        // The comment field is immediate, so the button is enabled as soon as the text arrives.
        await page.Locator("textarea[data-testid=comment-new]").FillAsync(text);
        await page.Locator("[data-testid=comment-add]").ClickAsync();
    }
}
