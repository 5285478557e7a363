namespace Datawiz.Web.Components.Pages.Networks;

/// <summary>What the network form edits; it stays as typed when the server refuses it, so nothing is lost.</summary>
public sealed class NetworkFormModel
{
    public string Name { get; set; } = "";

    public string Ssid { get; set; } = "";

    /// <summary>Never filled from the server: on an edit it is empty unless a new password is typed.</summary>
    public string Password { get; set; } = "";

    public bool RemovePassword { get; set; }
}
