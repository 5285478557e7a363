using MudBlazor;

namespace Datawiz.Web.Components.Shared;

/// <summary>The one way pages ask before deleting, removing, revoking or handing over something.</summary>
public static class Confirmation
{
    /// <summary>Shows <see cref="ConfirmDialog"/>; true only when the person chose <paramref name="action"/>.</summary>
    public static async Task<bool> ConfirmAsync(this IDialogService dialogs, string title, string message, string action)
    {
        ArgumentNullException.ThrowIfNull(dialogs);
        var parameters = new DialogParameters<ConfirmDialog>
        {
            { dialog => dialog.Message, message },
            { dialog => dialog.Action, action },
        };
        var reference = await dialogs.ShowAsync<ConfirmDialog>(title, parameters, new DialogOptions { MaxWidth = MaxWidth.ExtraSmall, FullWidth = true });
        var result = await reference.Result;
        return result is { Canceled: false };
    }
}
