using Datawiz.Web.Tests.Harness;

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
    /// MudBlazor renders a select's combobox as a read-only input while it is empty (the text shown is its value)
    /// and as a div once it has a value (the text is its content), and swaps one for the other when the value
    /// changes, so the element is read afresh on every try.
    /// </summary>
    public static async Task ExpectShowsAsync(ILocator combobox, string text)
    {
        var shown = "";
        try
        {
            await Poll.UntilAsync(
                async () =>
                {
                    try
                    {
                        shown = await combobox.EvaluateAsync<string>("e => e.tagName === 'INPUT' ? e.value : e.textContent.trim()",
                            null, new() { Timeout = 1000 });
                        return shown == text;
                    }
                    catch (Exception ex) when (ex is PlaywrightException or TimeoutException)
                    {
                        // Swapped out between finding and reading it.
                        return false;
                    }
                },
                TimeSpan.FromSeconds(30),
                $"the select to show '{text}'");
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message} It shows '{shown}'.", ex);
        }
    }
}
