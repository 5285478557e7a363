namespace Datawiz.Domain.Dashboard;

/// <summary>A sensor a person keeps at the top of his dashboard, at his chosen place among his pins.</summary>
public sealed class DashboardPin
{
    public Guid UserId { get; set; }

    public Guid SensorId { get; set; }

    /// <summary>Lower first; gaps are allowed (an unpinned sensor leaves one).</summary>
    public int Position { get; set; }
}
