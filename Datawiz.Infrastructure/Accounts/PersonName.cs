using Datawiz.Domain.Common;

namespace Datawiz.Infrastructure.Accounts;

/// <summary>
/// How one person is named to another. Email addresses stay between each person and the administrators, so
/// everyone else sees the display name only; administrators, who manage accounts by email, see both.
/// </summary>
public static class PersonName
{
    public static string Shown(Actor viewer, string displayName, string? email) =>
        viewer.IsAdmin && !string.IsNullOrEmpty(email) ? $"{displayName} ({email})" : displayName;
}
