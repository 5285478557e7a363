namespace Datawiz.Infrastructure.Live;

/// <summary>
/// Fans out one kind of server event to whoever is listening for its key (a user, a sensor, an admin queue):
/// the open pages of a circuit, a SignalR hub. In-process today; a second implementation over Redis pub/sub
/// is what lets several replicas share it, which is why this is an interface.
/// </summary>
/// <remarks>
/// Publishing never waits for a subscriber: each subscription has a small buffer of its own and a subscriber
/// that falls behind loses its oldest messages, not the publisher's time. Messages therefore say "this
/// changed, read it again" or carry a value whose latest copy is what matters, never something that must not
/// be missed.
/// </remarks>
public interface ILiveFeed<TKey, TMessage>
    where TKey : notnull
{
    /// <summary>
    /// Calls <paramref name="handler"/> for every message published to <paramref name="key"/> from now on,
    /// one at a time and never on the publisher's thread, until the returned handle is disposed (which also
    /// cancels the token a running call was given).
    /// </summary>
    IDisposable Subscribe(TKey key, Func<TMessage, CancellationToken, Task> handler);

    /// <summary>Hands <paramref name="message"/> to every current subscriber of <paramref name="key"/> without waiting for any.</summary>
    void Publish(TKey key, TMessage message);

    /// <summary>Whether anyone listens for <paramref name="key"/> now: a publisher may skip making a message nobody would get.</summary>
    bool IsWatched(TKey key);
}
