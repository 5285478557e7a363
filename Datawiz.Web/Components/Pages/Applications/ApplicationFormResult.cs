namespace Datawiz.Web.Components.Pages.Applications;

/// <summary>What <c>ApplicationValuesForm</c> hands back once its input passes the Domain rules.</summary>
public sealed record ApplicationFormResult(string Name, IReadOnlyDictionary<string, string?> Values);
