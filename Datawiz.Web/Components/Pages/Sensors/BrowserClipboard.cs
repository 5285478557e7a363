using Microsoft.JSInterop;

namespace Datawiz.Web.Components.Pages.Sensors;

/// <summary>
/// Copying to the clipboard and saving text as a file, through a JavaScript module loaded on first use.
/// Owned by one component and disposed with it.
/// </summary>
internal sealed class BrowserClipboard(IJSRuntime js) : IAsyncDisposable
{
    private IJSObjectReference? module;

    public async Task CopyAsync(string text) => await (await ModuleAsync()).InvokeVoidAsync("copyText", text);

    public async Task DownloadAsync(string fileName, string text, string mimeType = "text/csv") =>
        await (await ModuleAsync()).InvokeVoidAsync("downloadText", fileName, text, mimeType);

    private async Task<IJSObjectReference> ModuleAsync() =>
        module ??= await js.InvokeAsync<IJSObjectReference>("import", "./js/clipboard.js");

    public async ValueTask DisposeAsync()
    {
        if (module is not null)
        {
            try
            {
                await module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The circuit is gone and the module with it.
            }
        }
    }
}
