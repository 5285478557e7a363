namespace Datawiz.Web.Notifications;

/// <summary>
/// Tells the bell in the app bar that the unread count changed without a navigation (e.g. "Mark all as
/// read"). One per circuit, so a signal never reaches another person's page.
/// </summary>
public sealed class NotificationSignal
{
    public event Func<Task>? Changed;

    public Task RaiseAsync() => Changed?.Invoke() ?? Task.CompletedTask;
}
