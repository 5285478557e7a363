using Datawiz.Domain.Common;

namespace Datawiz.Infrastructure.SensorTypes;

/// <summary>A row of the sensor type list.</summary>
public sealed record SensorTypeSummary(
    Guid Id, string Name, string Hardware, ReviewStatus Status, bool IsOwn, DateTimeOffset CreatedAt);

/// <param name="SortBy">"name" (default), "hardware", "status" or "created".</param>
public sealed record SensorTypeQuery(
    string? Search = null, ReviewStatus? Status = null, int Page = 0, int PageSize = 25, string? SortBy = null, bool Descending = false);
