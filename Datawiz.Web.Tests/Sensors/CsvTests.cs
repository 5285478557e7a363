using Datawiz.Domain.Common;
using Datawiz.Web.Tests.Harness;

namespace Datawiz.Web.Tests.Sensors;

public sealed class CsvTests
{
    private static IReadOnlyList<CsvRecord> Parse(string text)
    {
        var parsed = Csv.Parse(text);
        Assert.True(parsed.Succeeded, parsed.Message);
        return parsed.Expect();
    }

    [Fact]
    public void Splits_records_on_LF_and_CRLF_and_keeps_empty_fields()
    {
        var records = Parse("a,b,c\r\n1,,3\n4,5,\n");

        Assert.Equal(3, records.Count);
        Assert.Equal(["1", "", "3"], records[1].Fields);
        Assert.Equal(["4", "5", ""], records[2].Fields);
        Assert.Equal([1, 2, 3], records.Select(r => r.Line));
    }

    [Fact]
    public void Quoted_fields_keep_commas_doubled_quotes_and_line_breaks()
    {
        var records = Parse("name,note\n\"Garden, north\",\"say \"\"hi\"\"\"\n\"two\nlines\",x\nlast,y");

        Assert.Equal(["Garden, north", "say \"hi\""], records[1].Fields);
        Assert.Equal(["two\nlines", "x"], records[2].Fields);
        // The record after a field with a line break starts on the line after it.
        Assert.Equal(5, records[3].Line);
    }

    [Fact]
    public void Blank_lines_are_skipped_but_counted()
    {
        var records = Parse("a\n\n\nb\n\n");

        Assert.Equal(["a", "b"], records.Select(r => r.Fields[0]));
        Assert.Equal(4, records[1].Line);
    }

    [Fact]
    public void An_empty_quoted_field_is_a_record_not_a_blank_line()
    {
        Assert.Single(Parse("\"\"\n"));
    }

    [Theory]
    [InlineData("a,\"open\nb,c", "Line 1", "not closed")]
    [InlineData("a,b\nx,\"q\"z", "Line 2", "after a closing quote")]
    [InlineData("a,b\nx,y\"z", "Line 2", "quote inside an unquoted field")]
    public void Broken_quoting_is_refused_with_the_line(string text, string line, string reason)
    {
        var parsed = Csv.Parse(text);

        Assert.False(parsed.Succeeded);
        Assert.Contains(line, parsed.Errors[0]);
        Assert.Contains(reason, parsed.Errors[0]);
    }

    [Fact]
    public void Formatted_records_parse_back_to_the_same_fields()
    {
        string[] fields = ["plain", "with, comma", "with \"quote\"", "line\nbreak", ""];

        var records = Parse(Csv.FormatRecord(fields));

        Assert.Equal(fields, records.Single().Fields);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.test\")", "\"'=HYPERLINK(\"\"http://evil.test\"\")\"")]
    [InlineData("+1+2", "\"'+1+2\"")]
    [InlineData("-2+3", "\"'-2+3\"")]
    [InlineData("@SUM(A1:A9)", "\"'@SUM(A1:A9)\"")]
    [InlineData("\t=1", "\"'\t=1\"")]
    [InlineData("\r=1", "\"'\r=1\"")]
    public void A_field_a_spreadsheet_would_run_as_a_formula_is_written_as_quoted_text(string field, string written)
    {
        Assert.Equal(written, Csv.FormatRecord([field]));
    }

    [Fact]
    public void Ordinary_fields_and_formula_characters_after_the_start_are_written_as_they_are()
    {
        Assert.Equal("Kitchen,a=b,s-abc,\"x, y\",", Csv.FormatRecord(["Kitchen", "a=b", "s-abc", "x, y", ""]));
    }
}
