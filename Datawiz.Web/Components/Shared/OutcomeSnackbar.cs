using Datawiz.Domain.Common;
using MudBlazor;

namespace Datawiz.Web.Components.Shared;

/// <summary>The one way a page tells the person how a command went.</summary>
public static class OutcomeSnackbar
{
    /// <summary>Shows <paramref name="success"/>, or the reasons the command was refused.</summary>
    /// <returns>Whether the command succeeded, so the page can go on.</returns>
    public static bool Show(this ISnackbar snackbar, Outcome outcome, string success)
    {
        ArgumentNullException.ThrowIfNull(snackbar);
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Succeeded)
        {
            snackbar.Add(success, Severity.Success);
            return true;
        }
        ShowRefusal(snackbar, outcome);
        return false;
    }

    /// <summary>Shows why a command was refused; a conflict is a warning, since reloading shows what happened.</summary>
    public static void ShowRefusal(this ISnackbar snackbar, Outcome outcome)
    {
        ArgumentNullException.ThrowIfNull(snackbar);
        ArgumentNullException.ThrowIfNull(outcome);
        snackbar.Add(outcome.Message, outcome.Kind == OutcomeKind.Conflict ? Severity.Warning : Severity.Error);
    }
}
