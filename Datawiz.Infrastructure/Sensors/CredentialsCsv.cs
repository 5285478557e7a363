using Datawiz.Domain.Common;

namespace Datawiz.Infrastructure.Sensors;

/// <summary>
/// The file the credentials dialog downloads: one sensor per line with everything a device needs to publish
/// (the simulator in <c>tools/Datawiz.Simulator</c> reads it back, and writes it for the sensors it creates).
/// </summary>
public static class CredentialsCsv
{
    public static readonly IReadOnlyList<string> Columns = ["name", "username", "password", "topic"];

    public static string Format(IEnumerable<IssuedCredentials> credentials) =>
        Csv.Format(credentials.Select(c => new[] { c.SensorName, c.Username, c.Password, c.Topic }).Prepend(Columns));
}
