namespace Datawiz.E2E.Pages;

/// <summary>
/// MudBlazor's select: the element carrying the test id is a combobox, and its options open in a
/// listbox elsewhere in the page (the popover provider), so they are found by role, not inside it.
/// </summary>
public static class MudSelect
{
    public static async Task ChooseAsync(IPage page, ILocator combobox, string option)
    {
        await combobox.ClickAsync();
        await page.GetByRole(AriaRole.Listbox).GetByRole(AriaRole.Option, new() { Name = option, Exact = true }).ClickAsync();
        await ExpectShowsAsync(combobox, option);
    }

    /// <summary>
    /// MudBlazor renders some selects' combobox as a read-only input (the text shown is its value) and
    /// others as a div (the text is its content), so the check depends on which one this is.
    /// </summary>
    public static async Task ExpectShowsAsync(ILocator combobox, string text)
    {
        if (await combobox.EvaluateAsync<string>("e => e.tagName") == "INPUT")
        {
            await Expect(combobox).ToHaveValueAsync(text);
        }
        else
        {
            await Expect(combobox).ToHaveTextAsync(text);
        }
    }
}
