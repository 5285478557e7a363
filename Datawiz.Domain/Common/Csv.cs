using System.Text;

namespace Datawiz.Domain.Common;

/// <summary>One record of a CSV text, with the line it starts on (what a person looks for in an editor).</summary>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Fields);

/// <summary>
/// Reads and writes CSV as RFC 4180 describes it: fields separated by commas, records by CRLF or LF,
/// fields that contain commas, quotes or line breaks enclosed in double quotes with inner quotes doubled.
/// Blank lines are skipped, because spreadsheets and editors leave them at the end of files.
/// </summary>
public static class Csv
{
    /// <summary>Splits <paramref name="text"/> into records, or says where the quoting is broken.</summary>
    public static Outcome<IReadOnlyList<CsvRecord>> Parse(string text)
    {
        var records = new List<CsvRecord>();
        foreach (var record in Records(text))
        {
            if (!record.TryGetValue(out var value))
            {
                return Outcome<IReadOnlyList<CsvRecord>>.From(record);
            }
            records.Add(value);
        }
        return Outcome<IReadOnlyList<CsvRecord>>.Success(records);
    }

    /// <summary>
    /// The records of <paramref name="text"/> one at a time, so a reader keeps only what it needs of a large
    /// file; broken quoting ends the sequence with one refusal that says where.
    /// </summary>
    public static IEnumerable<Outcome<CsvRecord>> Records(string text)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var i = 0;
        // A record that is a single empty unquoted field is a blank line, not data.
        var fieldWasQuoted = false;

        void EndField()
        {
            fields.Add(field.ToString());
            field.Clear();
        }

        CsvRecord? EndRecord()
        {
            EndField();
            var record = fields.Count == 1 && fields[0].Length == 0 && !fieldWasQuoted ? null : new CsvRecord(recordLine, fields.ToArray());
            fields.Clear();
            fieldWasQuoted = false;
            return record;
        }

        while (i < text.Length)
        {
            var c = text[i];
            if (c == '"' && field.Length == 0)
            {
                // A quoted field: runs to the next quote that is not doubled.
                fieldWasQuoted = true;
                var start = line;
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        yield return Outcome<CsvRecord>.Invalid($"Line {start}: a quoted field is not closed (a \" is missing).");
                        yield break;
                    }
                    var q = text[i];
                    if (q == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    if (q == '\n')
                    {
                        line++;
                    }
                    field.Append(q);
                    i++;
                }
                if (i < text.Length && text[i] is not (',' or '\r' or '\n'))
                {
                    yield return Outcome<CsvRecord>.Invalid($"Line {line}: unexpected text after a closing quote (write a quote inside a quoted field as \"\").");
                    yield break;
                }
                continue;
            }
            switch (c)
            {
                case ',':
                    EndField();
                    i++;
                    break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    i++;
                    break;
                case '\r' or '\n':
                    if (EndRecord() is { } record)
                    {
                        yield return Outcome<CsvRecord>.Success(record);
                    }
                    i++;
                    line++;
                    recordLine = line;
                    break;
                case '"':
                    yield return Outcome<CsvRecord>.Invalid($"Line {line}: a quote inside an unquoted field (enclose the field in quotes and double the quote).");
                    yield break;
                default:
                    field.Append(c);
                    i++;
                    break;
            }
        }
        if ((field.Length > 0 || fields.Count > 0 || fieldWasQuoted) && EndRecord() is { } last)
        {
            yield return Outcome<CsvRecord>.Success(last);
        }
    }

    /// <summary>A whole CSV text: every record on its own CRLF-terminated line, as spreadsheets expect.</summary>
    public static string Format(IEnumerable<IEnumerable<string>> records) =>
        string.Concat(records.Select(record => FormatRecord(record) + "\r\n"));

    /// <summary>One line of CSV (without the line break), quoting only the fields that need it.</summary>
    public static string FormatRecord(IEnumerable<string> fields) => string.Join(',', fields.Select(Text));

    /// <summary>A number as a spreadsheet reads it whatever its locale: invariant, shortest round-trip form.</summary>
    public static string Number(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A text field, quoted when it must be and never run as a formula.</summary>
    public static string Text(string field)
    {
        // Spreadsheets run a cell that starts with one of these as a formula (OWASP "CSV injection"), so a name
        // like =HYPERLINK(...) would act when the file is opened. A leading quote makes the cell plain text.
        if (field.Length > 0 && field[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            return Quoted("'" + field);
        }
        return field.IndexOfAny([',', '"', '\r', '\n']) >= 0 || field.StartsWith(' ') || field.EndsWith(' ')
            ? Quoted(field)
            : field;
    }

    private static string Quoted(string field) => $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
