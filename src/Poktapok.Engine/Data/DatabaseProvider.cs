namespace Poktapok.Engine.Data;

/// <summary>The database engines Poktapok stores its data in.</summary>
public enum DatabaseProvider
{
    /// <summary>An embedded SQLite file: the default for development and single-node use.</summary>
    Sqlite,

    /// <summary>PostgreSQL (Neon included): production and several server nodes.</summary>
    Postgres,
}
