using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Datawiz.Web.Components.Shared;

/// <summary>
/// The grid of every list page (<see cref="ListPage"/>): a <see cref="MudDataGrid{T}"/> whose first server load
/// asks for the page it was given, so a page number from the address is the page shown.
/// </summary>
/// <remarks>
/// MudDataGrid (9.12) passes the first <c>RowsPerPage</c> it receives to <c>SetRowsPerPageAsync</c>, which moves it
/// back to the first page and reports that through <c>CurrentPageChanged</c>; its first load, after its first render,
/// then asks for page 0 whatever <c>CurrentPage</c> said. The page of the first parameters is kept here and put back
/// just before that load: until then, setting <c>CurrentPage</c> loads nothing by itself.
/// </remarks>
[CascadingTypeParameter(nameof(T))]
public sealed class ListGrid<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] T> : MudDataGrid<T>
{
    private int? firstPage;

    public ListGrid()
    {
        // The column menu (sort, hide) puts a second button in every heading, which makes wide tables (user classes)
        // too wide for a laptop; a column sorts by its heading, and a hidden column would be kept nowhere.
        ShowColumnOptions = false;
    }

    /// <summary>
    /// The first load waits for it: the list page's own initialisation (<see cref="ListPage.Initialised"/>), which
    /// may read filters from the address only once their options are loaded.
    /// </summary>
    [Parameter]
    public Task? Ready { get; set; }

    public override Task SetParametersAsync(ParameterView parameters)
    {
        firstPage ??= parameters.TryGetValue<int>(nameof(CurrentPage), out var page) ? page : 0;
        return base.SetParametersAsync(parameters);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender && Ready is not null)
        {
            await Ready;
        }
        var restoring = firstRender && firstPage > 0;
        if (restoring)
        {
            CurrentPage = firstPage!.Value;
        }
        await base.OnAfterRenderAsync(firstRender);
        if (restoring && CurrentPage == 0)
        {
            // The page lay past the end: the grid went back to the first page without loading it.
            await ReloadServerData();
        }
    }

    /// <summary>Loads the first page: what a new search or filter starts from.</summary>
    public Task ReloadFromFirstPageAsync()
    {
        if (CurrentPage == 0)
        {
            return ReloadServerData();
        }
        // Moving to another page loads it.
        NavigateTo(Page.First);
        return Task.CompletedTask;
    }
}
