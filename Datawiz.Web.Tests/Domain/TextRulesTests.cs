using Datawiz.Domain.Common;

namespace Datawiz.Web.Tests.Domain;

public sealed class TextRulesTests
{
    public static TheoryData<string, string> HostileSingleLines => new()
    {
        { "two\nlines", "must be on one line." },
        { "two\r\nlines", "must be on one line." },
        { "carriage\rreturn", "must be on one line." },
        { "line\u2028separator", "must be on one line." },
        { "tab\there", "must not contain tabs or other control characters." },
        { "nul\0byte", "must not contain tabs or other control characters." },
        { "bell\a", "must not contain tabs or other control characters." },
        { "delete\u007F", "must not contain tabs or other control characters." },
        { "c1\u0085control", "must not contain tabs or other control characters." },
        { "Kitchen\u202Egnp.exe", "must not contain invisible formatting characters (such as direction overrides or zero-width spaces)." },
        { "isolate\u2066x\u2069", "must not contain invisible formatting characters (such as direction overrides or zero-width spaces)." },
        { "mark\u200Fx", "must not contain invisible formatting characters (such as direction overrides or zero-width spaces)." },
        { "zero\u200Bwidth", "must not contain invisible formatting characters (such as direction overrides or zero-width spaces)." },
        { "byte\uFEFForder", "must not contain invisible formatting characters (such as direction overrides or zero-width spaces)." },
        { "soft\u00ADhyphen", "must not contain invisible formatting characters (such as direction overrides or zero-width spaces)." },
    };

    [Theory]
    [MemberData(nameof(HostileSingleLines))]
    public void A_single_line_text_refuses_what_is_not_one_line_of_visible_characters(string value, string reason)
    {
        Assert.Equal($"Name {reason}", TextRules.NameError(value));
        Assert.Equal($"Label {reason}", TextRules.SingleLineError(value, "Label", 100));
        Assert.Equal(reason, TextRules.SingleLineCharactersError(value, ""));
    }

    [Theory]
    [InlineData("Kitchen")]
    [InlineData("  Küche 2 — Erdgeschoss  ")]
    [InlineData("東京の温度")]
    [InlineData("مطبخ")]
    [InlineData("Garden 🌱")]
    [InlineData("O'Brien & Sons <b>")]
    public void A_single_line_text_takes_any_visible_characters_in_any_script(string value)
    {
        Assert.Null(TextRules.NameError(value));
    }

    [Fact]
    public void A_single_line_text_is_required_and_bounded_after_trimming()
    {
        Assert.Equal("Name is required.", TextRules.NameError("   "));
        Assert.Equal("Name is required.", TextRules.NameError(null));
        Assert.Equal("Display name must be at least 2 characters.", TextRules.SingleLineError(" A ", "Display name", 100, minLength: 2));
        Assert.Equal("Name must be at most 5 characters.", TextRules.SingleLineError(" abcdef ", "Name", 5));
        Assert.Null(TextRules.SingleLineError(" abcde ", "Name", 5));
        Assert.Null(TextRules.OptionalSingleLineError("", "Unit", 5));
        Assert.Equal("Unit must be on one line.", TextRules.OptionalSingleLineError("°\nC", "Unit", 5));
    }

    public static TheoryData<string, string> HostileMultiLines => new()
    {
        { "nul\0byte", "must not contain control characters other than line breaks and tabs (such as NUL)." },
        { "escape\u001B[31m", "must not contain control characters other than line breaks and tabs (such as NUL)." },
        { "if (isAdmin) {\u202E } \u2066// check later\u2069", "must not contain characters that change the direction of the text (such as U+202E)." },
        { "mark\u200E", "must not contain characters that change the direction of the text (such as U+202E)." },
    };

    [Theory]
    [MemberData(nameof(HostileMultiLines))]
    public void A_multi_line_text_refuses_NUL_other_controls_and_direction_controls(string value, string reason)
    {
        Assert.Equal($"Description {reason}", TextRules.MultiLineError(value, "Description", 2000));
    }

    [Theory]
    [InlineData("First line\nSecond line\r\nThird")]
    [InlineData("void loop() {\n\tdelay(1000);\n}\n")]
    [InlineData("Family 👨\u200D👩\u200D👧 and soft\u00ADhyphen")]
    [InlineData("")]
    public void A_multi_line_text_keeps_line_breaks_tabs_and_joiners(string value)
    {
        Assert.Null(TextRules.MultiLineError(value, "Description", 2000));
    }

    [Fact]
    public void A_multi_line_text_is_optional_and_bounded()
    {
        Assert.Null(TextRules.MultiLineError(null, "Description", 5));
        Assert.Equal("Description must be at most 5 characters.", TextRules.MultiLineError("123456", "Description", 5));
    }

    [Fact]
    public void Half_of_a_surrogate_pair_is_refused_in_either_kind_of_text()
    {
        // Built here rather than passed as theory data, whose serialisation would replace the lone halves.
        var highAlone = new string(['a', '\uD83D', 'b']);
        var lowAlone = new string(['a', '\uDC00']);

        Assert.Equal("Name contains a broken character; type it again.", TextRules.NameError(highAlone));
        Assert.Equal("Description contains a broken character; type it again.", TextRules.MultiLineError(lowAlone, "Description", 100));
        Assert.Null(TextRules.NameError("a\uD83D\uDE00b"));
    }
}
