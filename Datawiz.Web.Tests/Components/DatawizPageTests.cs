using System.Security.Claims;
using Bunit;
using Datawiz.Domain.Accounts;
using Datawiz.Domain.Common;
using Datawiz.Web.Accounts;
using Datawiz.Web.Components.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Web.Tests.Components;

public sealed class DatawizPageTests : MudBlazorTestContext
{
    private readonly Guid userId = Guid.NewGuid();

    public DatawizPageTests()
    {
        Services.AddScoped<CurrentActor>();
        AddAuthorization().SetAuthorized("ada@datawiz.test").SetRoles(Roles.Admin)
            .SetClaims(new Claim(ClaimTypes.NameIdentifier, userId.ToString()));
    }

    [Fact]
    public void The_actor_is_known_before_the_page_initialises()
    {
        var page = Render<WaitingPage>();

        Assert.Equal(new Actor(userId, "ada@datawiz.test", IsAdmin: true), page.Instance.ActorWhenInitialised);
        Assert.Contains("ada@datawiz.test", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Leaving_the_page_cancels_its_work_without_an_error()
    {
        var page = Render<WaitingPage>();
        var token = page.Instance.Token;
        var waiting = page.Instance.Waiting!;
        Assert.False(token.IsCancellationRequested);

        await DisposeComponentsAsync();

        Assert.True(token.IsCancellationRequested);
        Assert.True(waiting.IsCanceled);
        Assert.False(Renderer.UnhandledException.IsCompleted);
    }

    /// <summary>A page whose load only ends when it is cancelled, as a slow query would.</summary>
    private sealed class WaitingPage : DatawizPage
    {
        public Actor? ActorWhenInitialised { get; private set; }

        public Task? Waiting { get; private set; }

        public CancellationToken Token => PageToken;

        protected override void OnInitialized() => ActorWhenInitialised = Actor;

        protected override Task OnInitializedAsync() => Waiting = Task.Delay(Timeout.Infinite, PageToken);

        protected override void BuildRenderTree(Microsoft.AspNetCore.Components.Rendering.RenderTreeBuilder builder) =>
            builder.AddContent(0, Actor.Name);
    }
}
