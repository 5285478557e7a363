using Datawiz.Domain.Common;

namespace Datawiz.Infrastructure.Common;

/// <summary>The one refusal of a save made from a form that was loaded before someone else's save.</summary>
internal static class StaleEdit
{
    /// <summary>A new stamp for an item that is being written.</summary>
    public static Guid NewStamp() => Guid.NewGuid();

    /// <param name="what">The kind of item, as a sentence would name it: "sensor type".</param>
    public static Outcome Refused(string what, string name) => Outcome.Conflict(
        $"The {what} '{name}' was changed after you opened it (by someone else, or by you in another tab), so your changes were not saved. " +
        "Reload it to see what it says now, then make your changes again.");
}
