using Bunit;
using Datawiz.Domain.Common;
using Datawiz.Web.Components.Shared;
using Datawiz.Web.Tests.Harness;
using Datawiz.Web.Components.Shared.History;
using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Web.Tests.Components;

/// <summary>The range picker: presets end now, custom ranges are times of the viewer's clock and are checked.</summary>
public sealed class HistoryRangePickerTests : MudBlazorTestContext
{
    private static readonly TimeZoneInfo Vienna = TimeZoneInfo.FindSystemTimeZoneById("Europe/Vienna");
    private readonly FixedClock clock = new(DateTimeOffset.Parse("2026-06-01T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly List<HistoryRange> chosen = [];

    public HistoryRangePickerTests() => Services.AddSingleton<TimeProvider>(clock);

    private IRenderedComponent<HistoryRangePicker> RenderPicker(HistoryRange value) =>
        RenderMud<HistoryRangePicker>(p => p
            .AddCascadingValue(new ViewerTimeZone(Vienna, TimeZoneSource.Profile))
            .Add(c => c.Value, value)
            .Add(c => c.ValueChanged, (HistoryRange range) => chosen.Add(range)));

    [Theory]
    [InlineData(RangePreset.LastHour, 1)]
    [InlineData(RangePreset.Last24Hours, 24)]
    [InlineData(RangePreset.Last7Days, 168)]
    [InlineData(RangePreset.Last30Days, 720)]
    [InlineData(RangePreset.LastYear, 8760)]
    public void A_preset_ends_now(RangePreset preset, int hours)
    {
        var (from, to) = new HistoryRange(preset).Resolve(clock.GetUtcNow(), Vienna).Expect();

        Assert.Equal(clock.GetUtcNow(), to);
        Assert.Equal(TimeSpan.FromHours(hours), to - from);
    }

    [Fact]
    public void A_preset_shows_no_custom_fields_and_no_error()
    {
        var picker = RenderPicker(HistoryRange.Default);

        Assert.Empty(picker.FindAll("[data-testid=range-from]"));
        Assert.Empty(picker.FindAll("[data-testid=range-error]"));
    }

    [Fact]
    public void Custom_times_are_read_on_the_viewers_clock_and_handed_on()
    {
        var picker = RenderPicker(new HistoryRange(RangePreset.Custom, new DateTime(2026, 3, 29, 0, 0, 0), new DateTime(2026, 3, 30, 0, 0, 0)));

        picker.Find("input[data-testid=range-from]").Change("2026-03-28T12:30");

        var range = Assert.Single(chosen);
        Assert.Equal(new DateTime(2026, 3, 28, 12, 30, 0), range.CustomFrom);
        Assert.Equal(new DateTime(2026, 3, 30, 0, 0, 0), range.CustomTo);
        // The Sunday of the change to summer time has 23 hours in Vienna.
        var (from, to) = range.Resolve(clock.GetUtcNow(), Vienna).Expect();
        Assert.Equal(DateTimeOffset.Parse("2026-03-28T11:30:00Z", System.Globalization.CultureInfo.InvariantCulture), from);
        Assert.Equal(DateTimeOffset.Parse("2026-03-29T22:00:00Z", System.Globalization.CultureInfo.InvariantCulture), to);
        Assert.Contains("Europe/Vienna", picker.Markup, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-06-02T00:00", "2026-06-01T00:00", "The end of the range must be after its start.")]
    [InlineData(null, "2026-06-01T00:00", "Enter both the start and the end of the range.")]
    public void A_custom_range_that_cannot_be_used_says_why(string? from, string? to, string message)
    {
        var picker = RenderPicker(new HistoryRange(RangePreset.Custom, HistoryRange.ParseClock(from), HistoryRange.ParseClock(to)));

        Assert.Equal(message, picker.Find("[data-testid=range-error]").TextContent);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
