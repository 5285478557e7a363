using System.Collections.Concurrent;
using Bunit;
using Datawiz.Web.Components.Shared;
using MudBlazor;

namespace Datawiz.Web.Tests.Components;

/// <summary>The list pages' grid loads the page it is given first, which MudDataGrid on its own does not.</summary>
public sealed class ListGridTests : MudBlazorTestContext
{
    private const int Total = 12;

    private readonly ConcurrentQueue<int> loads = new();

    [Fact]
    public void MudDataGrid_on_its_own_loads_the_first_page_whatever_page_it_is_given()
    {
        // Why ListGrid exists: if this starts failing, MudBlazor keeps the page itself and ListGrid can go.
        var reported = new List<int>();
        var grid = RenderMud<MudDataGrid<Row>>(p => p
            .Add(g => g.ServerData, LoadAsync)
            .Add(g => g.CurrentPage, 1)
            .Add(g => g.CurrentPageChanged, page => reported.Add(page))
            .Add(g => g.RowsPerPage, 10));

        grid.WaitForAssertion(() => Assert.Equal("0", Loaded));
        Assert.Equal(0, reported[^1]);
    }

    [Fact]
    public void The_first_load_asks_for_the_page_it_was_given_and_the_binding_ends_on_it()
    {
        var reported = new List<int>();
        var grid = RenderMud<ListGrid<Row>>(p => p
            .Add(g => g.ServerData, LoadAsync)
            .Add(g => g.CurrentPage, 1)
            .Add(g => g.CurrentPageChanged, page => reported.Add(page))
            .Add(g => g.RowsPerPage, 10));

        grid.WaitForAssertion(() => Assert.Equal("1", Loaded));
        Assert.Equal(1, grid.Instance.CurrentPage);
        Assert.Equal(10, grid.Instance.RowsPerPage);
        Assert.Equal(1, reported[^1]);
    }

    [Fact]
    public void A_page_past_the_end_loads_the_first_page_instead()
    {
        var grid = RenderMud<ListGrid<Row>>(p => p
            .Add(g => g.ServerData, LoadAsync)
            .Add(g => g.CurrentPage, 7)
            .Add(g => g.RowsPerPage, 10));

        grid.WaitForAssertion(() => Assert.Equal("7,0", Loaded));
        Assert.Equal(0, grid.Instance.CurrentPage);
    }

    [Fact]
    public async Task The_first_load_waits_until_the_page_is_ready()
    {
        var ready = new TaskCompletionSource();
        var grid = RenderMud<ListGrid<Row>>(p => p
            .Add(g => g.ServerData, LoadAsync)
            .Add(g => g.Ready, ready.Task)
            .Add(g => g.CurrentPage, 1)
            .Add(g => g.RowsPerPage, 10));
        // Rendered, and nothing loaded while the page is not ready.
        await Renderer.Dispatcher.InvokeAsync(() => { });
        Assert.Empty(loads);

        ready.SetResult();

        grid.WaitForAssertion(() => Assert.Equal("1", Loaded));
    }

    [Fact]
    public async Task A_new_search_loads_the_first_page()
    {
        var grid = RenderMud<ListGrid<Row>>(p => p
            .Add(g => g.ServerData, LoadAsync)
            .Add(g => g.CurrentPage, 1)
            .Add(g => g.RowsPerPage, 10));
        grid.WaitForAssertion(() => Assert.Equal("1", Loaded));

        await grid.InvokeAsync(grid.Instance.ReloadFromFirstPageAsync);

        grid.WaitForAssertion(() => Assert.Equal("1,0", Loaded));
        Assert.Equal(0, grid.Instance.CurrentPage);
    }

    /// <summary>The pages asked for, in order.</summary>
    private string Loaded => string.Join(",", loads);

    private Task<GridData<Row>> LoadAsync(GridState<Row> state, CancellationToken cancellationToken)
    {
        loads.Enqueue(state.Page);
        var items = Enumerable.Range(state.Page * state.PageSize, state.PageSize).Where(n => n < Total).Select(n => new Row(n)).ToList();
        return Task.FromResult(new GridData<Row> { Items = items, TotalItems = Total });
    }

    public sealed record Row(int Number);
}
