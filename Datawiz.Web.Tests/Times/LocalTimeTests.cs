using Bunit;
using Datawiz.Domain.Accounts;
using Datawiz.Web.Components.Shared;
using Datawiz.Web.Tests.Components;
using Datawiz.Web.Tests.Harness;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Web.Tests.Times;

/// <summary>The one component that shows a time: in the cascaded zone, with the full time on hover.</summary>
public sealed class LocalTimeTests : MudBlazorTestContext
{
    private readonly TestClock clock = new();

    public LocalTimeTests()
    {
        Services.AddSingleton<TimeProvider>(clock);
    }

    [Fact]
    public void A_time_is_shown_in_the_viewers_zone_with_the_full_time_as_its_title()
    {
        var at = new DateTimeOffset(2026, 7, 1, 10, 30, 15, TimeSpan.Zero);

        var time = RenderIn(ViewerTimeZone.Resolve(null, "Asia/Tokyo"), p => p.Add(t => t.At, at)).Find("time");

        Assert.Equal("2026-07-01 19:30", time.TextContent);
        Assert.Equal("2026-07-01 19:30:15 UTC+09:00 (Asia/Tokyo)", time.GetAttribute("title"));
        Assert.Equal("2026-07-01T10:30:15.0000000+00:00", time.GetAttribute("datetime"));
    }

    [Fact]
    public void Without_a_known_zone_times_are_utc_and_say_so_on_hover()
    {
        var at = new DateTimeOffset(2026, 7, 1, 10, 30, 15, TimeSpan.Zero);

        var time = Render<LocalTime>(p => p.Add(t => t.At, at)).Find("time");

        Assert.Equal("2026-07-01 10:30", time.TextContent);
        Assert.Equal("2026-07-01 10:30:15 UTC+00:00 (UTC)", time.GetAttribute("title"));
    }

    [Fact]
    public void A_relative_time_counts_from_the_clock_and_a_missing_one_says_what_it_is_told()
    {
        var zone = ViewerTimeZone.Resolve("Europe/Berlin", null);
        var at = clock.GetUtcNow() - TimeSpan.FromMinutes(5);

        var relative = RenderIn(zone, p => p.Add(t => t.At, at).Add(t => t.Relative, true)).Find("time");
        Assert.Equal("5 min ago", relative.TextContent);
        Assert.Equal(TimeText.Full(at, TimeZoneRules.Find("Europe/Berlin")!), relative.GetAttribute("title"));

        var never = RenderIn(zone, p => p.Add(t => t.At, (DateTimeOffset?)null).Add(t => t.Missing, "never"));
        Assert.Equal("never", never.Find("span").TextContent);
        Assert.Empty(never.FindAll("time"));
    }

    private IRenderedComponent<LocalTime> RenderIn(ViewerTimeZone zone, Action<ComponentParameterCollectionBuilder<LocalTime>> parameters) =>
        Render<CascadingValue<ViewerTimeZone>>(c => c
                .Add(v => v.Value, zone)
                .AddChildContent<LocalTime>(parameters))
            .FindComponent<LocalTime>();
}
