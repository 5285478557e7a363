using Datawiz.Domain.Common;
using Datawiz.Infrastructure.Sensors;

namespace Datawiz.Simulator.Credentials;

/// <summary>
/// Reads the credentials CSV the portal downloads (<see cref="CredentialsCsv"/>): a header naming at least
/// the columns username, password and topic (in any order, extra columns ignored), then one sensor per line.
/// Every problem is reported with its line, so the whole file can be fixed at once.
/// </summary>
public static class CredentialsFileReader
{
    private static readonly string[] Required = ["username", "password", "topic"];

    public static Outcome<IReadOnlyList<SimulatedSensor>> Read(string text)
    {
        using var records = Csv.Records(text).GetEnumerator();
        if (!records.MoveNext())
        {
            return Outcome<IReadOnlyList<SimulatedSensor>>.Invalid(
                $"The file is empty; it must start with the header {string.Join(',', CredentialsCsv.Columns)} (the portal's \"Download as CSV\").");
        }
        if (!records.Current.TryGetValue(out var header))
        {
            return Outcome<IReadOnlyList<SimulatedSensor>>.From(records.Current);
        }
        var columns = header.Fields.Select(f => f.Trim()).ToList();
        var missing = Required.Where(r => !columns.Contains(r, StringComparer.OrdinalIgnoreCase)).ToList();
        if (missing.Count > 0)
        {
            var hint = missing.Contains("topic")
                ? " Files downloaded before the topic column was added lack it; regenerate the passwords or create the sensors with the simulator's create command."
                : "";
            return Outcome<IReadOnlyList<SimulatedSensor>>.Invalid(
                $"Line 1: the header lacks the column(s) {string.Join(", ", missing)}; expected {string.Join(',', CredentialsCsv.Columns)}.{hint}");
        }
        int Index(string name) => columns.FindIndex(c => string.Equals(c, name, StringComparison.OrdinalIgnoreCase));
        var name = Index("name");
        var username = Index("username");
        var password = Index("password");
        var topic = Index("topic");

        var sensors = new List<SimulatedSensor>();
        var errors = new List<string>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        while (records.MoveNext())
        {
            if (!records.Current.TryGetValue(out var record))
            {
                return Outcome<IReadOnlyList<SimulatedSensor>>.From(records.Current);
            }
            if (record.Fields.Count != columns.Count)
            {
                errors.Add($"Line {record.Line}: expected {columns.Count} fields like the header, found {record.Fields.Count}.");
                continue;
            }
            string Field(int i) => i < 0 ? "" : record.Fields[i].Trim();
            var sensor = new SimulatedSensor(Field(name), Field(username), Field(password), Field(topic));
            var empty = new[] { ("username", sensor.Username), ("password", sensor.Password), ("topic", sensor.Topic) }
                .Where(f => f.Item2.Length == 0).Select(f => f.Item1).ToList();
            if (empty.Count > 0)
            {
                errors.Add($"Line {record.Line}: the {string.Join(" and ", empty)} {(empty.Count == 1 ? "is" : "are")} empty.");
            }
            else if (sensor.Topic.IndexOfAny(['+', '#', '\0']) >= 0)
            {
                errors.Add($"Line {record.Line}: the topic '{sensor.Topic}' contains a wildcard; a sensor publishes to its own topic.");
            }
            else if (seen.TryGetValue(sensor.Username, out var first))
            {
                errors.Add($"Line {record.Line}: the username {sensor.Username} is already on line {first}.");
            }
            else
            {
                seen[sensor.Username] = record.Line;
                sensors.Add(sensor.Name.Length == 0 ? sensor with { Name = sensor.Username } : sensor);
            }
        }
        if (errors.Count > 0)
        {
            return Outcome<IReadOnlyList<SimulatedSensor>>.Invalid(errors);
        }
        return sensors.Count == 0
            ? Outcome<IReadOnlyList<SimulatedSensor>>.Invalid("The file has a header but no sensors.")
            : Outcome<IReadOnlyList<SimulatedSensor>>.Success(sensors);
    }
}
