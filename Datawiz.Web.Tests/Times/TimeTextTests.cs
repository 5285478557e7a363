using Datawiz.Domain.Accounts;
using Datawiz.Web.Components.Shared;
using Datawiz.Web.Tests.Harness;

namespace Datawiz.Web.Tests.Times;

/// <summary>How times read, which zone a viewer gets, and which zone ids a profile may hold.</summary>
public sealed class TimeTextTests
{
    private static readonly TimeZoneInfo Tokyo = TimeZoneRules.Find("Asia/Tokyo")!;

    [Fact]
    public void Relative_times_follow_the_clock_in_plain_words()
    {
        var clock = new TestClock();
        var at = clock.GetUtcNow();

        Assert.Equal("just now", TimeText.Relative(at, clock.GetUtcNow(), Tokyo));
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal("5 min ago", TimeText.Relative(at, clock.GetUtcNow(), Tokyo));
        clock.Advance(TimeSpan.FromHours(3));
        Assert.Equal("3 h ago", TimeText.Relative(at, clock.GetUtcNow(), Tokyo));
        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal("1 day ago", TimeText.Relative(at, clock.GetUtcNow(), Tokyo));
        clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal("3 days ago", TimeText.Relative(at, clock.GetUtcNow(), Tokyo));
        clock.Advance(TimeSpan.FromDays(7));
        Assert.Equal(TimeText.DateAndTime(at, Tokyo), TimeText.Relative(at, clock.GetUtcNow(), Tokyo));
    }

    [Fact]
    public void A_time_ahead_of_the_clock_reads_as_to_come()
    {
        var now = new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal("in 10 min", TimeText.Relative(now.AddMinutes(10).AddSeconds(5), now, TimeZoneInfo.Utc));
    }

    [Fact]
    public void The_full_time_names_its_offset_and_zone()
    {
        var at = new DateTimeOffset(2026, 7, 1, 10, 30, 15, TimeSpan.Zero);
        var newYork = TimeZoneRules.Find("America/New_York")!;

        Assert.Equal("2026-07-01 19:30", TimeText.DateAndTime(at, Tokyo));
        Assert.Equal("2026-07-01 19:30:15 UTC+09:00 (Asia/Tokyo)", TimeText.Full(at, Tokyo));
        Assert.Equal("2026-07-01 06:30:15 UTC-04:00 (America/New_York)", TimeText.Full(at, newYork));
        Assert.Equal("2026-01-01 05:30:15 UTC-05:00 (America/New_York)", TimeText.Full(at.AddMonths(-6), newYork));
    }

    [Fact]
    public void The_profile_zone_wins_over_the_browser_zone_which_wins_over_utc()
    {
        Assert.Equal(("America/New_York", TimeZoneSource.Profile), Pick(ViewerTimeZone.Resolve("America/New_York", "Asia/Tokyo")));
        Assert.Equal(("Asia/Tokyo", TimeZoneSource.Browser), Pick(ViewerTimeZone.Resolve(null, "Asia/Tokyo")));
        Assert.Equal(("Asia/Tokyo", TimeZoneSource.Browser), Pick(ViewerTimeZone.Resolve("", "Asia/Tokyo")));
        Assert.Equal(("UTC", TimeZoneSource.Default), Pick(ViewerTimeZone.Resolve(null, null)));
    }

    [Theory]
    [InlineData("Mars/Olympus")]
    [InlineData("W. Europe Standard Time")]
    [InlineData("<script>")]
    public void A_zone_id_that_names_no_zone_is_passed_over(string bad)
    {
        Assert.Equal(("Asia/Tokyo", TimeZoneSource.Browser), Pick(ViewerTimeZone.Resolve(bad, "Asia/Tokyo")));
        Assert.Equal(("UTC", TimeZoneSource.Default), Pick(ViewerTimeZone.Resolve(null, bad)));
    }

    [Fact]
    public void A_bad_zone_id_is_refused_with_a_message_that_says_what_to_do()
    {
        var error = TimeZoneRules.Error("Mars/Olympus");

        Assert.NotNull(error);
        Assert.Contains("\"Mars/Olympus\" is not a time zone", error);
        Assert.Contains("Europe/Berlin", error);
        Assert.Null(TimeZoneRules.Error("Europe/Berlin"));
        Assert.Null(TimeZoneRules.Error(""));
        Assert.Null(TimeZoneRules.Error(null));
        Assert.NotNull(TimeZoneRules.Error(new string('A', 500)));
        Assert.Contains("Europe/Berlin", TimeZoneRules.Known());
    }

    private static (string, TimeZoneSource) Pick(ViewerTimeZone zone) => (zone.Zone.Id, zone.Source);
}
