using Datawiz.Web.Tests.Harness;

namespace Datawiz.Web.Tests.Telemetry;

/// <summary><c>/metrics</c> in the Prometheus text format, from the app's own meters.</summary>
public sealed class MetricsTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Metrics_show_received_stored_rejected_by_reason_batches_and_the_queue()
    {
        var sensor = await app.NewTelemetrySensorAsync();
        for (var i = 0; i < 3; i++)
        {
            await app.Ingestion().IngestAsync(app.Message(sensor, $$"""{"temperature":{{i}}}"""), Token);
        }
        await app.Ingestion().IngestAsync(app.Message(sensor, "garbage"), Token);
        using var client = new HttpClient { BaseAddress = app.BaseAddress };

        var response = await client.GetAsync("/metrics", Token);
        var text = await response.Content.ReadAsStringAsync(Token);

        Assert.True(response.IsSuccessStatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Contains("# TYPE datawiz_telemetry_messages_received_total counter", text, StringComparison.Ordinal);
        Assert.True(PrometheusText.Value(text, "datawiz_telemetry_messages_received_total") >= 4, text);
        Assert.True(PrometheusText.Value(text, "datawiz_telemetry_messages_stored_total") >= 3, text);
        Assert.True(PrometheusText.Value(text, "datawiz_telemetry_messages_rejected_total{reason=\"not_json\"}") >= 1, text);
        Assert.Contains("# TYPE datawiz_telemetry_batch_size histogram", text, StringComparison.Ordinal);
        Assert.True(PrometheusText.Value(text, "datawiz_telemetry_batch_size_count") >= 1, text);
        Assert.Contains("datawiz_telemetry_commit_duration_bucket{le=\"+Inf\"}", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE datawiz_telemetry_queue_depth gauge", text, StringComparison.Ordinal);
        Assert.Equal(0, PrometheusText.Value(text, "datawiz_telemetry_queue_depth"));
    }
}
