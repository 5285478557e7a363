using Datawiz.Domain.Common;
using Datawiz.Web.Accounts;
using Microsoft.AspNetCore.Components;

namespace Datawiz.Web.Components.Shared;

/// <summary>
/// The base of every interactive component that acts for the signed-in person: pages, and the dialogs and
/// sections that call services themselves. It resolves the <see cref="Actor"/> once, before the
/// component's own lifecycle starts, and cancels <see cref="PageToken"/> when the component goes away, so
/// the queries and commands it started stop with it.
/// </summary>
/// <remarks>
/// A call cancelled by <see cref="PageToken"/> ends in an <see cref="OperationCanceledException"/>; left
/// unhandled, it makes the lifecycle method or event handler a cancelled task, which Blazor ignores (no
/// error UI, nothing logged as an error), so pages need no catch of their own for it.
/// </remarks>
public abstract class DatawizPage : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource disposal = new();
    private Actor? actor;

    [Inject] private CurrentActor CurrentActor { get; set; } = default!;

    /// <summary>The signed-in person, already known in <c>OnInitialized</c> and every later step.</summary>
    protected Actor Actor => actor ?? throw new InvalidOperationException("The actor is resolved before the component initialises; it is not there yet.");

    /// <summary>Cancelled when the component is disposed: pass it to every service call.</summary>
    protected CancellationToken PageToken { get; }

    protected DatawizPage()
    {
        PageToken = disposal.Token;
    }

    public override Task SetParametersAsync(ParameterView parameters)
    {
        if (actor is not null)
        {
            return base.SetParametersAsync(parameters);
        }
        // The parameters are only valid until the first await, so they are applied first and the
        // lifecycle runs on them once the actor is known.
        parameters.SetParameterProperties(this);
        return InitialiseAsync();
    }

    private async Task InitialiseAsync()
    {
        actor = await CurrentActor.GetAsync();
        await base.SetParametersAsync(ParameterView.Empty);
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Components that unsubscribe from something on disposal override this and call it.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing && !disposal.IsCancellationRequested)
        {
            disposal.Cancel();
            // PageToken stays readable after this: it was copied before the source was disposed.
            disposal.Dispose();
        }
    }
}
