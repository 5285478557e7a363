using System.Text;
using Datawiz.Domain.Common;
using Datawiz.Domain.Variables;

namespace Datawiz.Domain.Sensors;

/// <summary>A sensor type a CSV row may name.</summary>
public sealed record SensorCsvType(Guid Id, string Name, IReadOnlyList<TemplateVariable> Variables);

/// <summary>What the rows are checked against: the types the importer may use, their own networks and sensor names.</summary>
public sealed record SensorCsvLookups(
    IReadOnlyList<SensorCsvType> Types,
    IReadOnlyList<(Guid Id, string Name)> Networks,
    IReadOnlyCollection<string> ExistingSensorNames);

/// <summary>One accepted row; secret values are still plain text here and are encrypted by whoever saves them.</summary>
public sealed record SensorCsvRow(int Line, string Name, SensorCsvType Type, Guid? NetworkId, IReadOnlyList<VariableValue> Values);

/// <summary>The rows of a file, or every reason it cannot be imported; <see cref="RowCount"/> counts data rows either way.</summary>
public sealed record SensorCsvResult(IReadOnlyList<SensorCsvRow> Rows, IReadOnlyList<string> Errors, int RowCount)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// The bulk import format: a header <c>name,type,network</c> followed by one column per variable key
/// (of any type the importer may use), then one sensor per row. Every problem is reported with its line,
/// so a person can fix the whole file in one go.
/// </summary>
public static class SensorCsv
{
    public const int MaxBytes = 1024 * 1024;

    /// <summary>How many problems are listed before the rest are only counted.</summary>
    public const int MaxErrors = 100;

    public static readonly IReadOnlyList<string> FixedColumns = ["name", "type", "network"];

    /// <summary>Reads the bytes of an uploaded file as UTF-8 (a byte order mark is allowed), refusing anything that is not.</summary>
    public static Outcome<string> Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxBytes)
        {
            return Outcome<string>.Invalid($"The file is larger than {MaxBytes / 1024} KB; split it into smaller files.");
        }
        ReadOnlySpan<byte> bom = [0xEF, 0xBB, 0xBF];
        if (bytes.StartsWith(bom))
        {
            bytes = bytes[bom.Length..];
        }
        try
        {
            return Outcome<string>.Success(new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes));
        }
        catch (DecoderFallbackException)
        {
            return Outcome<string>.Invalid("The file is not valid UTF-8 text. Save it as \"CSV UTF-8\" and try again.");
        }
    }

    /// <summary>
    /// Reads the rows of <paramref name="text"/> one at a time. At most <see cref="MaxErrors"/> problems are
    /// listed (a person fixes those first); the lines with further problems are only counted, so a file of
    /// nothing but errors costs no more memory than a good one.
    /// </summary>
    public static SensorCsvResult Read(string text, SensorCsvLookups lookups)
    {
        using var records = Csv.Records(text).GetEnumerator();
        if (!records.MoveNext())
        {
            return new SensorCsvResult([], [$"The file is empty. Its first line must be the header: {string.Join(',', FixedColumns)}, then one column per variable."], 0);
        }
        if (!records.Current.TryGetValue(out var headerRecord))
        {
            return new SensorCsvResult([], records.Current.Errors, 0);
        }
        var header = headerRecord.Fields.Select(f => f.Trim()).ToArray();
        var headerErrors = HeaderErrors(header, lookups.Types);

        var errors = new LineErrors();
        var rows = new List<SensorCsvRow>();
        var rowCount = 0;
        var namesInFile = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var existing = new HashSet<string>(lookups.ExistingSensorNames, StringComparer.OrdinalIgnoreCase);
        while (records.MoveNext())
        {
            if (!records.Current.TryGetValue(out var record))
            {
                return new SensorCsvResult([], records.Current.Errors, 0);
            }
            rowCount++;
            if (headerErrors.Count > 0)
            {
                continue;
            }
            var rowErrors = new List<string>();
            var row = ReadRow(record, header, lookups, namesInFile, existing, rowErrors);
            if (rowErrors.Count > 0)
            {
                errors.Add(record.Line, rowErrors);
                rows.Clear();
            }
            else if (row is not null && errors.Count == 0)
            {
                rows.Add(row);
            }
        }
        if (headerErrors.Count > 0)
        {
            return new SensorCsvResult([], headerErrors, rowCount);
        }
        if (rowCount == 0)
        {
            return new SensorCsvResult([], ["The file has a header but no sensors."], 0);
        }
        return errors.Count == 0
            ? new SensorCsvResult(rows, [], rowCount)
            : new SensorCsvResult([], errors.ToList(), rowCount);
    }

    private static List<string> HeaderErrors(string[] header, IReadOnlyList<SensorCsvType> types)
    {
        var errors = new List<string>();
        if (header.Length < FixedColumns.Count
            || !header.Take(FixedColumns.Count).SequenceEqual(FixedColumns, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add($"Line 1: the header must start with {string.Join(',', FixedColumns)}; it starts with '{string.Join(',', header.Take(FixedColumns.Count))}'.");
            return errors;
        }
        var knownKeys = types.SelectMany(t => t.Variables).Select(v => v.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Length; i++)
        {
            var column = header[i];
            if (column.Length == 0)
            {
                errors.Add($"Line 1: column {i + 1} of the header has no name.");
            }
            else if (!seen.Add(column))
            {
                errors.Add($"Line 1: the column '{column}' appears more than once.");
            }
            else if (i >= FixedColumns.Count && !knownKeys.Contains(column))
            {
                errors.Add($"Line 1: the column '{column}' is not a variable of any sensor type you can use.");
            }
        }
        return errors;
    }

    private static SensorCsvRow? ReadRow(
        CsvRecord record, string[] header, SensorCsvLookups lookups,
        Dictionary<string, int> namesInFile, HashSet<string> existing, List<string> errors)
    {
        if (record.Fields.Count != header.Length)
        {
            errors.Add($"expected {header.Length} fields like the header, found {record.Fields.Count} (enclose values that contain commas in quotes).");
            return null;
        }
        var name = record.Fields[0].Trim();
        if (TextRules.NameError(name) is { } nameError)
        {
            errors.Add(nameError);
        }
        else if (namesInFile.TryGetValue(name, out var firstLine))
        {
            errors.Add($"the name '{name}' is already used on line {firstLine}.");
        }
        else
        {
            namesInFile[name] = record.Line;
            if (existing.Contains(name))
            {
                errors.Add($"you already have a sensor named '{name}'.");
            }
        }

        var typeName = record.Fields[1].Trim();
        var type = FindType(lookups.Types, typeName);
        if (typeName.Length == 0)
        {
            errors.Add("the type is required.");
        }
        else if (type is null)
        {
            errors.Add($"unknown sensor type '{typeName}' (use the name of an approved type).");
        }

        var networkName = record.Fields[2].Trim();
        Guid? networkId = null;
        if (networkName.Length > 0)
        {
            var network = lookups.Networks.Where(n => string.Equals(n.Name, networkName, StringComparison.OrdinalIgnoreCase)).Take(1).ToList();
            if (network.Count == 0)
            {
                errors.Add($"unknown network '{networkName}' (use the name of one of your networks, or leave it empty).");
            }
            else
            {
                networkId = network[0].Id;
            }
        }

        if (type is null)
        {
            return null;
        }
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = FixedColumns.Count; i < header.Length; i++)
        {
            var value = record.Fields[i];
            var variable = type.Variables.FirstOrDefault(v => string.Equals(v.Key, header[i], StringComparison.OrdinalIgnoreCase));
            if (variable is not null)
            {
                values[variable.Key] = value;
            }
            else if (!string.IsNullOrWhiteSpace(value))
            {
                errors.Add($"'{header[i]}' is not a variable of the type '{type.Name}'; leave it empty.");
            }
        }
        var validated = VariableRules.Validate(type.Variables, values);
        if (!validated.TryGetValue(out var checkedValues))
        {
            errors.AddRange(validated.Errors);
            return null;
        }
        return new SensorCsvRow(record.Line, name, type, networkId, checkedValues);
    }

    private static SensorCsvType? FindType(IReadOnlyList<SensorCsvType> types, string name) =>
        types.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.Ordinal))
        ?? types.Where(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase)).Take(2).SingleOrDefaultIfOne();

    private static T? SingleOrDefaultIfOne<T>(this IEnumerable<T> items) where T : class
    {
        var list = items.ToList();
        return list.Count == 1 ? list[0] : null;
    }

    /// <summary>The first <see cref="MaxErrors"/> problems with their lines, and how many more lines have any.</summary>
    private sealed class LineErrors
    {
        private readonly List<string> listed = [];
        private int moreLines;

        public int Count => listed.Count + moreLines;

        public void Add(int line, List<string> problems)
        {
            if (listed.Count >= MaxErrors)
            {
                moreLines++;
                return;
            }
            listed.AddRange(problems.Take(MaxErrors - listed.Count).Select(p => $"Line {line}: {p}"));
        }

        public List<string> ToList() =>
            moreLines == 0
                ? [.. listed]
                : [.. listed, moreLines == 1 ? "…and 1 more line with errors." : $"…and {moreLines} more lines with errors."];
    }
}
