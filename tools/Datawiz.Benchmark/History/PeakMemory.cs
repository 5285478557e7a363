using System.Diagnostics;

namespace Datawiz.Benchmark.History;

/// <summary>The most this process's working set rose above its level at the start, sampled every 10 ms until stopped.</summary>
public sealed class PeakMemory : IDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly long baseline = WorkingSet();
    private readonly Task<long> sampling;

    public PeakMemory() => sampling = SampleAsync();

    public async Task<long> StopAsync()
    {
        await stop.CancelAsync();
        return Math.Max(await sampling, WorkingSet()) - baseline;
    }

    private async Task<long> SampleAsync()
    {
        var peak = baseline;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        try
        {
            while (await timer.WaitForNextTickAsync(stop.Token))
            {
                peak = Math.Max(peak, WorkingSet());
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
        return peak;
    }

    private static long WorkingSet()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    public void Dispose() => stop.Dispose();
}
