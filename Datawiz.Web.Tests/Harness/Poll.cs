namespace Datawiz.Web.Tests.Harness;

/// <summary>Waits for a condition by checking it repeatedly until a deadline, never by sleeping a fixed time.</summary>
public static class Poll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (HttpRequestException ex)
            {
                last = ex;
            }
            await Task.Delay(Interval);
        }
        throw new TimeoutException($"Gave up waiting for {what} after {timeout.TotalSeconds:0} s.", last);
    }
}
