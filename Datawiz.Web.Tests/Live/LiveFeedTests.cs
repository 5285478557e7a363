using Datawiz.Infrastructure.Live;
using Microsoft.Extensions.Logging.Abstractions;

namespace Datawiz.Web.Tests.Live;

/// <summary>The in-process live feed: per key, never blocking the publisher, surviving failing subscribers.</summary>
public sealed class LiveFeedTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static InProcessLiveFeed<string, int> NewFeed() => new(NullLogger<InProcessLiveFeed<string, int>>.Instance);

    [Fact]
    public async Task A_subscriber_hears_its_own_key_only_in_order()
    {
        var feed = NewFeed();
        var heard = new List<int>();
        var third = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var mine = feed.Subscribe("mine", (message, _) =>
        {
            heard.Add(message);
            if (heard.Count == 3)
            {
                third.SetResult();
            }
            return Task.CompletedTask;
        });
        using var other = feed.Subscribe("other", (_, _) => throw new InvalidOperationException("Not my key."));

        feed.Publish("mine", 1);
        feed.Publish("nobody", 99);
        feed.Publish("mine", 2);
        feed.Publish("mine", 3);

        await third.Task.WaitAsync(Patience, TestContext.Current.CancellationToken);
        Assert.Equal([1, 2, 3], heard);
    }

    [Fact]
    public void A_key_is_watched_while_it_has_a_subscriber()
    {
        var feed = NewFeed();
        Assert.False(feed.IsWatched("mine"));

        var subscription = feed.Subscribe("mine", (_, _) => Task.CompletedTask);
        Assert.True(feed.IsWatched("mine"));
        Assert.False(feed.IsWatched("other"));

        subscription.Dispose();
        Assert.False(feed.IsWatched("mine"));
    }

    [Fact]
    public async Task A_stuck_subscriber_blocks_neither_the_publisher_nor_the_others()
    {
        var feed = NewFeed();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var fastHeardLast = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stuck = feed.Subscribe("key", (_, _) => release.Task);
        using var fast = feed.Subscribe("key", (message, _) =>
        {
            if (message == 999)
            {
                fastHeardLast.TrySetResult(message);
            }
            return Task.CompletedTask;
        });

        // Far more than the stuck one's buffer: were Publish to wait for it, this loop would never end.
        for (var i = 0; i < 1000; i++)
        {
            feed.Publish("key", i);
        }

        Assert.Equal(999, await fastHeardLast.Task.WaitAsync(Patience, TestContext.Current.CancellationToken));
        release.SetResult();
    }

    [Fact]
    public async Task A_failing_handler_keeps_its_subscription_and_disposing_ends_it()
    {
        var feed = NewFeed();
        var heardSecond = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscription = feed.Subscribe("key", (message, _) =>
        {
            if (message == 1)
            {
                throw new InvalidOperationException("The first one fails.");
            }
            heardSecond.TrySetResult();
            return Task.CompletedTask;
        });

        feed.Publish("key", 1);
        feed.Publish("key", 2);
        await heardSecond.Task.WaitAsync(Patience, TestContext.Current.CancellationToken);

        Assert.Equal(1, feed.SubscriberCount("key"));
        subscription.Dispose();
        subscription.Dispose();
        Assert.Equal(0, feed.SubscriberCount("key"));
    }
}
