using System.Globalization;

namespace Datawiz.Web.Components.Shared;

/// <summary>How instants read on pages: UTC, stated as such, the same for every viewer.</summary>
public static class Instants
{
    public static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Utc(DateTimeOffset? at) => at is { } value ? Utc(value) : "";
}
