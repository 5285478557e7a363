using System.Globalization;
using Datawiz.Domain.Common;
using Datawiz.Domain.Telemetry.History;
using Datawiz.Infrastructure.Telemetry.History;
using Datawiz.Web.Accounts;
using Datawiz.Web.Components.Shared;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Datawiz.Web.Endpoints;

/// <summary>
/// Readings over a range for scripts and the portal's own charts: as JSON (at most 2,000 points per line) and as a
/// streamed CSV file, signed in with the portal's cookie or a personal access token (<c>Authorization: Bearer dwz_…</c>).
/// Times without an offset are read in the viewer's zone, which is also the zone of the buckets.
/// </summary>
internal static class HistoryEndpoints
{
    public const string HistoryRoute = "/api/v1/history";

    public const string ExportRoute = "/api/v1/sensors/{sensorId:guid}/readings.csv";

    /// <summary>The range when none is given: the last day, as a chart opens.</summary>
    public static readonly TimeSpan DefaultRange = TimeSpan.FromDays(1);

    public static IEndpointRouteBuilder MapHistoryEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1").RequireAuthorization(Policies.ApiUser);
        api.MapGet("/history", GetAsync);
        api.MapGet("/sensors/{sensorId:guid}/readings.csv", ExportAsync);
        return endpoints;
    }

    /// <param name="series">Each line as <c>sensorId:field</c>, repeated for a comparison.</param>
    private static async Task<IResult> GetAsync(
        [FromQuery] string[] series, string? from, string? to, string? resolution, string? tz, HttpContext context, ReadingHistory history, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        var keys = new List<SeriesKey>();
        foreach (var line in series)
        {
            if (SeriesKey.Parse(line) is { } key)
            {
                keys.Add(key);
            }
            else
            {
                errors.Add($"\"{Shorten(line)}\" is not a line: write it as series=<sensor id>:<field>.");
            }
        }
        if (Query(context, from, to, resolution, tz, clock, errors) is not { } query)
        {
            return Refused(errors);
        }
        var outcome = await history.GetAsync(CurrentActor.From(context.User)!, new HistoryRequest(keys, query.From, query.To, query.Resolution, query.Zone), cancellationToken);
        if (!outcome.TryGetValue(out var result))
        {
            return Refused(outcome);
        }
        return TypedResults.Ok(new
        {
            result.From,
            result.To,
            Resolution = result.Resolution.Code(),
            TimeZone = query.Zone,
            Lines = result.Lines.Select(l => new
            {
                l.Line.Key.SensorId,
                l.Line.SensorName,
                l.Line.Key.Field,
                l.Line.Label,
                l.Line.Unit,
                Points = l.Points.Select(p => new { p.Time, p.Average, p.Minimum, p.Maximum, p.Count }),
            }),
        });
    }

    /// <param name="fields">Comma-separated; none means every field of the sensor.</param>
    private static async Task<IResult> ExportAsync(
        Guid sensorId, string? fields, string? from, string? to, string? resolution, string? tz, HttpContext context, ReadingExport export, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        if (Query(context, from, to, resolution, tz, clock, errors) is not { } query)
        {
            return Refused(errors);
        }
        var chosen = (fields ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var outcome = await export.PlanAsync(CurrentActor.From(context.User)!, sensorId, chosen, query.From, query.To, query.Resolution, query.Zone, cancellationToken);
        if (!outcome.TryGetValue(out var plan))
        {
            return Refused(outcome);
        }
        // The request's token ends when the browser goes away, and with it the query that feeds the file.
        return TypedResults.Stream(body => export.WriteAsync(plan, body, context.RequestAborted), "text/csv; charset=utf-8", plan.FileName);
    }

    private sealed record RangeQuery(DateTimeOffset From, DateTimeOffset To, HistoryResolution Resolution, string Zone);

    /// <summary>The range, resolution and zone of a request, or null with the reasons added to <paramref name="errors"/>.</summary>
    private static RangeQuery? Query(HttpContext context, string? from, string? to, string? resolution, string? tz, TimeProvider clock, List<string> errors)
    {
        var zoneId = string.IsNullOrWhiteSpace(tz)
            ? ViewerTimeZone.Resolve(ViewerTimeZone.ProfileZoneOf(context.User), context.Request.Cookies[ViewerTimeZone.CookieName]).Zone.Id
            : tz.Trim();
        var zone = Domain.Accounts.TimeZoneRules.Find(zoneId);
        if (zone is null)
        {
            errors.Add(Domain.Accounts.TimeZoneRules.Error(zoneId) ?? "A time zone is required.");
        }
        var end = Time(to, "to", zone, errors) ?? clock.GetUtcNow();
        var start = Time(from, "from", zone, errors) ?? end - DefaultRange;
        var parsed = string.IsNullOrWhiteSpace(resolution) ? HistoryResolution.Auto : HistoryResolutions.FromCode(resolution);
        if (parsed is null)
        {
            errors.Add($"\"{Shorten(resolution!)}\" is not a resolution: use one of {string.Join(", ", Enum.GetValues<HistoryResolution>().Select(r => r.Code()))}.");
        }
        return errors.Count > 0 || parsed is null ? null : new RangeQuery(start, end, parsed.Value, zoneId);
    }

    /// <summary>An ISO 8601 time; one without an offset is a time of the viewer's clock.</summary>
    private static DateTimeOffset? Time(string? text, string name, TimeZoneInfo? zone, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        // Only a time that names no offset or zone parses as Unspecified.
        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed))
        {
            if (parsed.Kind != DateTimeKind.Unspecified)
            {
                return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            }
            if (zone is not null)
            {
                return HistoryBuckets.Instant(parsed, zone);
            }
            return null;
        }
        errors.Add($"{name}: \"{Shorten(text)}\" is not a time such as 2026-06-01T08:00 or 2026-06-01T06:00:00Z.");
        return null;
    }

    private static ProblemHttpResult Refused(IReadOnlyList<string> errors) =>
        TypedResults.Problem(string.Join(" ", errors), statusCode: StatusCodes.Status400BadRequest, title: "The request was refused");

    private static ProblemHttpResult Refused(Outcome outcome) =>
        outcome.Kind == OutcomeKind.NotFound
            ? TypedResults.Problem(outcome.Message, statusCode: StatusCodes.Status404NotFound, title: "Not found")
            : Refused(outcome.Errors);

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
