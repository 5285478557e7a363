using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using Datawiz.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Datawiz.Infrastructure.Common;

/// <summary>
/// Ordering and range filters on <see cref="DateTimeOffset"/> columns that work on both providers.
/// SQLite keeps these values as text and EF Core refuses to order or compare them there. The portal only
/// writes UTC instants (<see cref="TimeProvider.GetUtcNow"/>), and EF Core's text for those sorts exactly
/// as the instants do, so on SQLite the queries order and compare that text instead.
/// </summary>
internal static class InstantQueries
{
    private static readonly MethodInfo ToText = typeof(DateTimeOffset).GetMethod(nameof(DateTimeOffset.ToString), Type.EmptyTypes)!;

    private static readonly MethodInfo CompareText = typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!;

    public static IOrderedQueryable<T> OrderByInstant<T>(
        this IQueryable<T> source, DatawizDbContext db, Expression<Func<T, DateTimeOffset>> key, bool descending)
    {
        if (!db.Database.IsSqlite())
        {
            return descending ? source.OrderByDescending(key) : source.OrderBy(key);
        }
        var text = Expression.Lambda<Func<T, string>>(Expression.Call(key.Body, ToText), key.Parameters);
        return descending ? source.OrderByDescending(text) : source.OrderBy(text);
    }

    /// <summary>Keeps rows whose instant is at or after <paramref name="from"/> and before <paramref name="before"/> (either may be open).</summary>
    public static IQueryable<T> WhereInstantBetween<T>(
        this IQueryable<T> source, DatawizDbContext db, Expression<Func<T, DateTimeOffset>> key, DateTimeOffset? from, DateTimeOffset? before)
    {
        if (from is { } start)
        {
            source = source.Where(Compare(db, key, start.ToUniversalTime(), Expression.GreaterThanOrEqual));
        }
        if (before is { } end)
        {
            source = source.Where(Compare(db, key, end.ToUniversalTime(), Expression.LessThan));
        }
        return source;
    }

    private static Expression<Func<T, bool>> Compare<T>(
        DatawizDbContext db, Expression<Func<T, DateTimeOffset>> key, DateTimeOffset bound, Func<Expression, Expression, BinaryExpression> comparison)
    {
        if (!db.Database.IsSqlite())
        {
            // A member of a captured object, so EF Core sends the bound as a parameter rather than a literal.
            var instant = Expression.Property(Expression.Constant(new Bound<DateTimeOffset>(bound)), nameof(Bound<DateTimeOffset>.Value));
            return Expression.Lambda<Func<T, bool>>(comparison(key.Body, instant), key.Parameters);
        }
        // The same format EF Core's SQLite provider stores DateTimeOffset values in.
        var text = Expression.Property(
            Expression.Constant(new Bound<string>(bound.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture))),
            nameof(Bound<string>.Value));
        var compared = Expression.Call(CompareText, Expression.Call(key.Body, ToText), text);
        return Expression.Lambda<Func<T, bool>>(comparison(compared, Expression.Constant(0)), key.Parameters);
    }

    private sealed record Bound<TValue>(TValue Value);
}
