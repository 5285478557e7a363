using System.Globalization;
using Datawiz.Domain.Common;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Datawiz.Web.Components.Shared;

/// <summary>
/// A list page's search, filters, sort and page, kept in its address so that Back and a shared link bring the
/// same list back. Pages take the values as strings (<c>[SupplyParameterFromQuery]</c>) and read them here,
/// so that a value that makes no sense is ignored instead of failing the page.
/// </summary>
public static class ListUrl
{
    public const string SearchKey = "q";
    public const string PageKey = "page";
    public const string SizeKey = "size";
    public const string SortKey = "sort";
    public const string OrderKey = "order";

    /// <summary>An administrator's switch to list everyone's things, not only his own (groups, applications).</summary>
    public const string EveryoneKey = "all";

    private const int MaxSearchLength = 200;
    private const int MaxPage = 100_000;

    /// <summary>The page sizes the pagers offer.</summary>
    public static IReadOnlyList<int> PageSizes { get; } = [10, 25, 50, 100, 200];

    public static string? Search(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Length <= MaxSearchLength ? value : value[..MaxSearchLength];

    /// <summary>The zero-based page of the one-based <c>page</c> value.</summary>
    public static int Page(string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page is >= 1 and <= MaxPage ? page - 1 : 0;

    public static int Size(string? value, int fallback) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && PageSizes.Contains(size) ? size : fallback;

    /// <summary>The column to sort by, when it is one of <paramref name="sortable"/>.</summary>
    public static string? Sort(string? value, params string[] sortable) =>
        sortable.FirstOrDefault(s => string.Equals(s, value, StringComparison.OrdinalIgnoreCase));

    public static bool Descending(string? value) => string.Equals(value, "desc", StringComparison.OrdinalIgnoreCase);

    /// <summary>How <paramref name="column"/> starts sorted: only the column in the address is.</summary>
    public static SortDirection Direction(string? sortBy, bool descending, string column) =>
        sortBy != column ? SortDirection.None : descending ? SortDirection.Descending : SortDirection.Ascending;

    /// <summary>Whether the list shows everyone's things: only an administrator's does.</summary>
    public static bool Everyone(string? value, Actor actor) => actor.IsAdmin && QueryValues.Flag(value);

    /// <summary>The <see cref="EveryoneKey"/> value for the switch, left out when it is off.</summary>
    public static string? Everyone(bool everyone) => everyone ? "true" : null;

    public static Guid? Id(string? value) => Guid.TryParse(value, out var id) ? id : null;

    /// <summary>A day written as <c>yyyy-MM-dd</c>, as <see cref="NavigationManager.GetUriWithQueryParameters(string, IReadOnlyDictionary{string, object?})"/> writes a <see cref="DateOnly"/>.</summary>
    public static DateOnly? Day(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;

    /// <summary>A named value of <typeparamref name="TEnum"/>; numbers are not names.</summary>
    public static TEnum? Named<TEnum>(string? value) where TEnum : struct, Enum =>
        value is not null && !value.Any(char.IsDigit) && Enum.TryParse<TEnum>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
            ? parsed
            : null;

    /// <summary>The query values for a grid's state, defaults left out so that a plain list keeps a plain address.</summary>
    public static Dictionary<string, object?> Of<T>(GridState<T> state, string? search, int defaultSize)
    {
        var sort = state.SortDefinitions.FirstOrDefault();
        return new Dictionary<string, object?>
        {
            [SearchKey] = string.IsNullOrWhiteSpace(search) ? null : search,
            [PageKey] = state.Page > 0 ? state.Page + 1 : null,
            [SizeKey] = state.PageSize != defaultSize ? state.PageSize : null,
            [SortKey] = sort?.SortBy,
            [OrderKey] = sort is { Descending: true } ? "desc" : null,
        };
    }

    /// <summary>Puts the values in the address in place of the current entry, so typing a search adds no history.</summary>
    public static void Keep(NavigationManager navigation, IReadOnlyDictionary<string, object?> values)
    {
        var target = navigation.GetUriWithQueryParameters(values);
        if (!string.Equals(target, navigation.Uri, StringComparison.Ordinal))
        {
            navigation.NavigateTo(target, replace: true);
        }
    }
}
