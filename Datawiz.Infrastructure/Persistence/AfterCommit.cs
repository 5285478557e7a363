using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Datawiz.Infrastructure.Persistence;

/// <summary>
/// Work that must wait until a context's changes are committed, such as telling open pages through a live
/// feed: told earlier, a page could read again before the change is visible. Runs after the next successful
/// save, or after the commit when that save was inside an explicit transaction; dropped when the save fails
/// or the transaction is rolled back.
/// </summary>
public static class AfterCommit
{
    private static readonly ConditionalWeakTable<DbContext, List<Action>> Pending = [];

    /// <summary>Runs <paramref name="action"/> once what <paramref name="db"/> saves next is committed.</summary>
    public static void OnCommitted(this DbContext db, Action action)
    {
        var actions = Pending.GetOrCreateValue(db);
        lock (actions)
        {
            actions.Add(action);
        }
    }

    internal static void Run(DbContext? db)
    {
        foreach (var action in Take(db))
        {
            action();
        }
    }

    internal static void Drop(DbContext? db) => Take(db);

    private static List<Action> Take(DbContext? db)
    {
        if (db is null || !Pending.TryGetValue(db, out var actions))
        {
            return [];
        }
        lock (actions)
        {
            var taken = actions.ToList();
            actions.Clear();
            return taken;
        }
    }
}

/// <summary>Runs <see cref="AfterCommit"/>'s work at the right moment; stateless, so one instance serves every context.</summary>
internal sealed class AfterCommitInterceptor : SaveChangesInterceptor, IDbTransactionInterceptor
{
    public static readonly AfterCommitInterceptor Instance = new();

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        RunUnlessInTransaction(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        RunUnlessInTransaction(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => AfterCommit.Drop(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        AfterCommit.Drop(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => AfterCommit.Run(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        AfterCommit.Run(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => AfterCommit.Drop(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        AfterCommit.Drop(eventData.Context);
        return Task.CompletedTask;
    }

    private static void RunUnlessInTransaction(DbContext? db)
    {
        if (db?.Database.CurrentTransaction is null)
        {
            AfterCommit.Run(db);
        }
    }
}
