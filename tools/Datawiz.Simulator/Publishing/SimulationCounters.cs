using System.Collections.Concurrent;

namespace Datawiz.Simulator.Publishing;

/// <summary>What the sensors did, updated by all of them at once.</summary>
public sealed class SimulationCounters
{
    private long accepted;
    private long failedReads;
    private long offline;
    private long rateLimited;
    private long failed;
    private readonly ConcurrentDictionary<string, string> lastProblemBySensor = new(StringComparer.Ordinal);

    public long Accepted => Interlocked.Read(ref accepted);

    public long FailedReads => Interlocked.Read(ref failedReads);

    public long Offline => Interlocked.Read(ref offline);

    public long RateLimited => Interlocked.Read(ref rateLimited);

    public long Failed => Interlocked.Read(ref failed);

    /// <summary>The latest problem of each sensor that had one, to show why sensors are not publishing.</summary>
    public IReadOnlyDictionary<string, string> LastProblems => lastProblemBySensor;

    public void FailedRead() => Interlocked.Increment(ref failedReads);

    public void Count(string sensor, SendResult result)
    {
        switch (result.Status)
        {
            case SendStatus.Accepted:
                Interlocked.Increment(ref accepted);
                return;
            case SendStatus.Offline:
                Interlocked.Increment(ref offline);
                break;
            case SendStatus.RateLimited:
                Interlocked.Increment(ref rateLimited);
                break;
            default:
                Interlocked.Increment(ref failed);
                break;
        }
        lastProblemBySensor[sensor] = $"{result.Status}: {result.Reason}";
    }

    public string Summary() =>
        $"accepted {Accepted}, failed reads (nothing sent) {FailedReads}, offline {Offline}, rate-limited {RateLimited}, failed {Failed}";
}
