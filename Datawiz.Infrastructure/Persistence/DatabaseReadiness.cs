namespace Datawiz.Infrastructure.Persistence;

/// <summary>Whether this process has migrated and seeded the database; until then the portal answers 503.</summary>
public sealed class DatabaseReadiness
{
    private volatile bool ready;

    public bool IsReady => ready;

    internal void MarkReady() => ready = true;
}
