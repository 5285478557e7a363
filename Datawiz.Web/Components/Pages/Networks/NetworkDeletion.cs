using Datawiz.Domain.Common;
using Datawiz.Infrastructure.Networks;
using Datawiz.Web.Components.Shared;
using MudBlazor;

namespace Datawiz.Web.Components.Pages.Networks;

/// <summary>The one way both the list and the network page delete: refuse what is in use, confirm the rest.</summary>
internal static class NetworkDeletion
{
    public static async Task<bool> ConfirmAndDeleteAsync(
        IDialogService dialogs, ISnackbar snackbar, NetworkService networks, Actor actor, Guid id, string name, int sensorCount,
        CancellationToken cancellationToken)
    {
        if (sensorCount > 0)
        {
            // Said before asking, so no one confirms something that cannot happen.
            snackbar.Add(NetworkService.InUseMessage(name, sensorCount), Severity.Warning);
            return false;
        }
        var confirmed = await dialogs.ConfirmAsync(
            "Delete network", $"Delete the network \"{name}\"? Its saved password is deleted with it. This cannot be undone.", "Delete");
        if (!confirmed)
        {
            return false;
        }
        return snackbar.Show(await networks.DeleteAsync(actor, id, cancellationToken), $"Deleted \"{name}\".");
    }
}
