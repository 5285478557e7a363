namespace Datawiz.Web.Components.Pages.Groups;

/// <summary>What the group form edits; it stays as typed when the server refuses it.</summary>
public sealed class GroupFormModel
{
    public string Name { get; set; } = "";

    public string? Description { get; set; }
}
