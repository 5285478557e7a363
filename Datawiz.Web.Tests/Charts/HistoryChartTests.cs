using Bunit;
using Datawiz.Domain.Telemetry.History;
using Datawiz.Infrastructure.Telemetry.History;
using Datawiz.Web.Components.Layout;
using Datawiz.Web.Components.Shared;
using Datawiz.Web.Components.Shared.Charts;
using Datawiz.Web.Tests.Components;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Datawiz.Web.Tests.Charts;

/// <summary>What the history chart hands its script (drawHistory), and what it does with a zoom: strict interop.</summary>
public sealed class HistoryChartTests : MudBlazorTestContext
{
    private static readonly DateTimeOffset From = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000);
    private static readonly DateTimeOffset To = From.AddHours(2);

    private readonly BunitJSModuleInterop module;

    public HistoryChartTests()
    {
        JSInterop.Mode = JSRuntimeMode.Strict;
        module = JSInterop.SetupModule(LiveChart.ModulePath);
        module.SetupVoid("drawHistory", _ => true).SetVoidResult();
        module.SetupVoid("dispose", _ => true).SetVoidResult();
    }

    private static HistoryResult Result(HistoryResolution resolution) => new(From, To, resolution,
    [
        new HistoryLineData(new HistoryLine(new SeriesKey(Guid.NewGuid(), "temperature"), "Kitchen", "Temperature", "°C"),
            [new HistoryPoint(From, 21, 20, 22.5, 4), new HistoryPoint(From.AddHours(1), 23, 23, 23, 1)]),
        new HistoryLineData(new HistoryLine(new SeriesKey(Guid.NewGuid(), "temperature"), "Cellar", "Temperature", "°C"), []),
    ]);

    [Fact]
    public void Buckets_are_drawn_as_averages_with_bands_over_the_results_range_in_the_viewers_zone()
    {
        var vienna = new ViewerTimeZone(TimeZoneInfo.FindSystemTimeZoneById("Europe/Vienna"), TimeZoneSource.Profile);
        var chart = Render<HistoryChart>(p => p
            .AddCascadingValue(vienna)
            .AddCascadingValue(DatawizTheme.DarkModeCascade, true)
            .Add(c => c.Data, Result(HistoryResolution.Hour))
            .Add(c => c.Label, "Temperatures of the last 2 hours")
            .Add(c => c.NameSensors, true)
            .Add(c => c.Height, 400));

        var options = Assert.IsType<HistoryChartOptions>(module.VerifyInvoke("drawHistory").Arguments[1]);
        Assert.True(options.Band);
        Assert.Equal(new TimeChartRange(From.ToUnixTimeMilliseconds(), To.ToUnixTimeMilliseconds()), options.Range);
        Assert.Equal(["Kitchen · Temperature", "Cellar · Temperature"], options.Lines.Select(l => l.Name));
        Assert.Equal([[From.ToUnixTimeMilliseconds(), 21, 20, 22.5], [From.AddHours(1).ToUnixTimeMilliseconds(), 23, 23, 23]], options.Lines[0].Points);
        Assert.Empty(options.Lines[1].Points);
        Assert.Equal(("°C", TimeChartOptions.Dark, "Europe/Vienna", 400), (options.Lines[0].Unit, options.Theme, options.TimeZone, options.Height));
        var canvas = chart.Find("[data-testid=history-chart-canvas]");
        Assert.Equal(("img", "Temperatures of the last 2 hours"), (canvas.GetAttribute("role"), canvas.GetAttribute("aria-label")));
    }

    [Fact]
    public void Raw_readings_have_no_band_lines_are_named_by_field_and_the_same_result_is_not_drawn_twice()
    {
        var result = Result(HistoryResolution.Raw);
        var chart = Render<HistoryChart>(p => p.Add(c => c.Data, result).Add(c => c.Label, "Chart"));

        chart.Render(p => p.Add(c => c.Data, result));

        var options = Assert.IsType<HistoryChartOptions>(Assert.Single(module.Invocations["drawHistory"]).Arguments[1]);
        Assert.False(options.Band);
        Assert.Equal(["Temperature", "Temperature"], options.Lines.Select(l => l.Name));
        Assert.Equal(("UTC", TimeChartOptions.Light), (options.TimeZone, options.Theme));

        chart.Render(p => p.Add(c => c.Data, Result(HistoryResolution.Raw)));
        Assert.Equal(2, module.Invocations["drawHistory"].Count);
    }

    [Fact]
    public async Task A_drag_across_the_chart_comes_back_as_the_stretch_of_time_and_an_empty_one_is_ignored()
    {
        var zooms = new List<(DateTimeOffset From, DateTimeOffset To)>();
        var chart = Render<HistoryChart>(p => p
            .Add(c => c.Data, Result(HistoryResolution.Hour))
            .Add(c => c.Label, "Chart")
            .Add(c => c.OnZoom, EventCallback.Factory.Create<(DateTimeOffset, DateTimeOffset)>(this, stretch => zooms.Add(stretch))));

        await chart.InvokeAsync(() => chart.Instance.ZoomedAsync(From.ToUnixTimeMilliseconds() + 60_000, From.ToUnixTimeMilliseconds() + 120_000));
        await chart.InvokeAsync(() => chart.Instance.ZoomedAsync(From.ToUnixTimeMilliseconds(), From.ToUnixTimeMilliseconds()));

        Assert.Equal([(From.AddMinutes(1), From.AddMinutes(2))], zooms);
        Assert.IsType<DotNetObjectReference<HistoryChart>>(module.VerifyInvoke("drawHistory").Arguments[2]);
    }

    [Fact]
    public async Task Nothing_is_drawn_without_data_and_disposing_with_the_circuit_gone_is_no_error()
    {
        module.SetupVoid("dispose", _ => true).SetException(new JSDisconnectedException("The circuit is gone."));
        var chart = Render<HistoryChart>(p => p.Add(c => c.Data, null).Add(c => c.Label, "Chart"));
        Assert.Empty(module.Invocations["drawHistory"]);

        chart.Render(p => p.Add(c => c.Data, Result(HistoryResolution.Day)));
        await DisposeComponentsAsync();

        module.VerifyInvoke("drawHistory");
        module.VerifyInvoke("dispose");
    }
}
