using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Datawiz.Web.Components.Shared;

/// <summary>
/// The base of list pages: the search, sort and page of its grid start from the address and are written back
/// to it after every load (<see cref="KeepInAddress{T}"/>), so Back and a shared link restore the same list.
/// Page-specific filters travel the same way: the page reads its own query values and passes them on.
/// </summary>
/// <remarks>
/// The grid is a <see cref="ListGrid{T}"/> (a MudDataGrid that loads the page it is given) binding
/// <c>@bind-CurrentPage="currentPage" @bind-RowsPerPage="rowsPerPage"</c> with <c>Ready="Initialised"</c>, its pager offers <see cref="PageSizes"/>,
/// its sortable columns take <c>InitialDirection="@Direction(...)"</c>, and a new search or filter reloads it from
/// its first page (<see cref="ListGrid{T}.ReloadFromFirstPageAsync"/>). The address is read once, when the page
/// initialises (before <c>OnInitializedAsync</c>): later changes to it come from the page itself.
/// </remarks>
public abstract class ListPage : DatawizPage
{
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [SupplyParameterFromQuery(Name = ListUrl.SearchKey)] public string? SearchQuery { get; set; }

    [SupplyParameterFromQuery(Name = ListUrl.PageKey)] public string? PageQuery { get; set; }

    [SupplyParameterFromQuery(Name = ListUrl.SizeKey)] public string? SizeQuery { get; set; }

    [SupplyParameterFromQuery(Name = ListUrl.SortKey)] public string? SortQuery { get; set; }

    [SupplyParameterFromQuery(Name = ListUrl.OrderKey)] public string? OrderQuery { get; set; }

#pragma warning disable CA1051 // Fields, so that the grids can @bind them.
    protected string? search;
    protected int currentPage;
    protected int rowsPerPage = DefaultPageSize;
#pragma warning restore CA1051

    protected const int DefaultPageSize = 25;

    /// <summary>The page sizes every pager offers: the ones an address may ask for.</summary>
    protected static int[] PageSizes { get; } = [.. ListUrl.PageSizes];

    /// <summary>The columns (their property names) the grid may be sorted by.</summary>
    protected virtual string[] SortableColumns => [];

    private readonly TaskCompletionSource initialised = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? sortBy;
    private bool descending;

    /// <summary>
    /// Done once the page has initialised, <c>OnInitializedAsync</c> included; the grid's <c>Ready</c>, so that its
    /// first load has the filters the page read from the address.
    /// </summary>
    protected Task Initialised => initialised.Task;

    public override async Task SetParametersAsync(ParameterView parameters)
    {
        try
        {
            await base.SetParametersAsync(parameters);
        }
        finally
        {
            // Failed or cancelled too: the grid's first load then fails or is cancelled the same way, instead of waiting.
            initialised.TrySetResult();
        }
    }

    /// <summary>Reads the address; a page that overrides this calls it first.</summary>
    protected override void OnInitialized()
    {
        search = ListUrl.Search(SearchQuery);
        currentPage = ListUrl.Page(PageQuery);
        rowsPerPage = ListUrl.Size(SizeQuery, DefaultPageSize);
        sortBy = ListUrl.Sort(SortQuery, SortableColumns);
        descending = ListUrl.Descending(OrderQuery);
        base.OnInitialized();
    }

    /// <summary>How a column starts sorted: only the one in the address is.</summary>
    protected SortDirection Direction(string column) => ListUrl.Direction(sortBy, descending, column);

    /// <summary>Writes the grid's state and the page's own filters (null: not set) into the address.</summary>
    protected void KeepInAddress<T>(GridState<T> state, params (string Key, object? Value)[] filters)
    {
        var values = ListUrl.Of(state, search, DefaultPageSize);
        foreach (var (key, value) in filters)
        {
            values[key] = value;
        }
        ListUrl.Keep(Navigation, values);
    }
}
