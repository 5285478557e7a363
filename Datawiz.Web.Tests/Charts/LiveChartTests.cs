using Bunit;
using Datawiz.Infrastructure.Telemetry;
using Datawiz.Web.Components.Layout;
using Datawiz.Web.Components.Shared;
using Datawiz.Web.Components.Shared.Charts;
using Datawiz.Web.Tests.Components;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Datawiz.Web.Tests.Charts;

/// <summary>What the live chart hands its script (wwwroot/js/charts.js): strict interop, so any other call fails the test.</summary>
public sealed class LiveChartTests : MudBlazorTestContext
{
    private static readonly ChartSeries[] TwoFields = [new("temperature", "Temperature", "°C"), new("humidity", "Humidity", "%")];

    private readonly BunitJSModuleInterop module;

    public LiveChartTests()
    {
        JSInterop.Mode = JSRuntimeMode.Strict;
        module = JSInterop.SetupModule(LiveChart.ModulePath);
        module.SetupVoid("create", _ => true).SetVoidResult();
        module.SetupVoid("configure", _ => true).SetVoidResult();
        module.SetupVoid("append", _ => true).SetVoidResult();
        module.SetupVoid("dispose", _ => true).SetVoidResult();
    }

    [Fact]
    public void Creates_the_chart_with_the_series_names_and_units_the_window_the_height_and_the_first_points()
    {
        var at = new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
        var chart = Render<LiveChart>(p => p
            .Add(c => c.Series, TwoFields)
            .Add(c => c.Label, "Readings of the last 10 minutes")
            .Add(c => c.Window, TimeSpan.FromMinutes(10))
            .Add(c => c.Height, 320)
            .Add(c => c.MaxPointsPerSeries, 600)
            .Add(c => c.InitialPoints, [new ChartPoints("temperature", [new TimedValue(at, 21.5)])]));

        var create = module.VerifyInvoke("create");
        var options = Assert.IsType<TimeChartOptions>(create.Arguments[1]);
        Assert.Equal(TwoFields, options.Series);
        Assert.Equal(600, options.WindowSeconds);
        Assert.Null(options.FixedRange);
        Assert.Equal(600, options.MaxPoints);
        Assert.Equal(320, options.Height);
        var points = Assert.Single(Assert.IsType<TimeChartPoints[]>(create.Arguments[2]));
        Assert.Equal("temperature", points.Key);
        Assert.Equal([at.ToUnixTimeMilliseconds(), 21.5], Assert.Single(points.Points));
        var canvas = chart.Find("[data-testid=live-chart-canvas]");
        Assert.Equal("img", canvas.GetAttribute("role"));
        Assert.Equal("Readings of the last 10 minutes", canvas.GetAttribute("aria-label"));
        Assert.Empty(module.Invocations["configure"]);
        Assert.Empty(module.Invocations["dispose"]);
    }

    [Fact]
    public void Outside_a_dark_layout_and_a_viewers_zone_it_is_light_and_in_utc()
    {
        Render<LiveChart>(p => p.Add(c => c.Series, TwoFields).Add(c => c.Label, "Chart"));

        var options = Assert.IsType<TimeChartOptions>(module.VerifyInvoke("create").Arguments[1]);
        Assert.Equal(TimeChartOptions.Light, options.Theme);
        Assert.Equal("UTC", options.TimeZone);
        Assert.Equal(300, options.WindowSeconds);
    }

    [Fact]
    public void Follows_the_layouts_dark_mode_and_the_viewers_zone_and_is_reconfigured_when_the_palette_changes()
    {
        var berlin = new ViewerTimeZone(TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"), TimeZoneSource.Profile);
        RenderFragment chartInZone = builder =>
        {
            builder.OpenComponent<CascadingValue<ViewerTimeZone>>(0);
            builder.AddComponentParameter(1, nameof(CascadingValue<ViewerTimeZone>.Value), berlin);
            builder.AddComponentParameter(2, nameof(CascadingValue<ViewerTimeZone>.ChildContent), (RenderFragment)(chart =>
            {
                chart.OpenComponent<LiveChart>(0);
                chart.AddComponentParameter(1, nameof(LiveChart.Series), TwoFields);
                chart.AddComponentParameter(2, nameof(LiveChart.Label), "Chart");
                chart.CloseComponent();
            }));
            builder.CloseComponent();
        };
        var layout = Render<CascadingValue<bool>>(p => p
            .Add(c => c.Name, DatawizTheme.DarkModeCascade)
            .Add(c => c.Value, true)
            .Add(c => c.ChildContent, chartInZone));

        var created = Assert.IsType<TimeChartOptions>(module.VerifyInvoke("create").Arguments[1]);
        Assert.Equal(TimeChartOptions.Dark, created.Theme);
        Assert.Equal("Europe/Berlin", created.TimeZone);

        layout.Render(p => p.Add(c => c.Value, false).Add(c => c.ChildContent, chartInZone));

        var configured = Assert.IsType<TimeChartOptions>(module.VerifyInvoke("configure").Arguments[1]);
        Assert.Equal(TimeChartOptions.Light, configured.Theme);
        Assert.Equal(TwoFields, configured.Series);
    }

    [Fact]
    public void A_new_series_reconfigures_the_chart_and_the_same_series_in_a_new_list_does_not()
    {
        var chart = Render<LiveChart>(p => p.Add(c => c.Series, TwoFields).Add(c => c.Label, "Chart"));

        chart.Render(p => p.Add(c => c.Series, [.. TwoFields]));
        Assert.Empty(module.Invocations["configure"]);

        chart.Render(p => p.Add(c => c.Series, [.. TwoFields, new ChartSeries("pressure", "pressure", "")]));
        var configured = Assert.IsType<TimeChartOptions>(module.VerifyInvoke("configure").Arguments[1]);
        Assert.Equal(["temperature", "humidity", "pressure"], configured.Series.Select(s => s.Key));
    }

    [Fact]
    public async Task Appended_points_reach_the_script_as_epoch_milliseconds_and_values()
    {
        var chart = Render<LiveChart>(p => p.Add(c => c.Series, TwoFields).Add(c => c.Label, "Chart"));
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000);

        await chart.InvokeAsync(() => chart.Instance.AppendAsync([new ChartPoints("humidity", [new TimedValue(at, 40), new TimedValue(at.AddSeconds(1), 41)])]));

        var appended = Assert.Single(Assert.IsType<TimeChartPoints[]>(module.VerifyInvoke("append").Arguments[1]));
        Assert.Equal("humidity", appended.Key);
        Assert.Equal([[1_800_000_000_000, 40], [1_800_000_001_000, 41]], appended.Points);
    }

    [Fact]
    public async Task Disposing_destroys_the_chart_and_a_circuit_already_gone_is_no_error()
    {
        module.SetupVoid("dispose", _ => true).SetException(new JSDisconnectedException("The circuit is gone."));
        Render<LiveChart>(p => p.Add(c => c.Series, TwoFields).Add(c => c.Label, "Chart"));

        await DisposeComponentsAsync();

        module.VerifyInvoke("dispose");
    }

    [Fact]
    public void A_script_that_cannot_draw_leaves_a_note_pointing_to_the_table()
    {
        var failing = JSInterop.SetupModule(LiveChart.ModulePath);
        failing.SetupVoid("create", _ => true).SetException(new JSException("ApexCharts could not be loaded."));

        var chart = Render<LiveChart>(p => p.Add(c => c.Series, TwoFields).Add(c => c.Label, "Chart"));

        Assert.Contains("the table shows the latest values", chart.Find("[data-testid=live-chart-failed]").TextContent);
    }
}
