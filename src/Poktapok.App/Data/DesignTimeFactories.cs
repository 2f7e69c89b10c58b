using Microsoft.EntityFrameworkCore.Design;
using Poktapok.Engine.Data;

namespace Poktapok.App.Data;

// Used only by `dotnet ef migrations add`, which builds the model without connecting; see docs/decisions/ADR-001.

/// <summary>Design-time factory for the SQLite migration set.</summary>
public sealed class SqliteAppDbDesignFactory : IDesignTimeDbContextFactory<SqliteAppDb>
{
    public SqliteAppDb CreateDbContext(string[] args) =>
        new(AppDb.Options<SqliteAppDb>(DatabaseTarget.Parse("design-time.db")));
}

/// <summary>Design-time factory for the PostgreSQL migration set.</summary>
public sealed class PostgresAppDbDesignFactory : IDesignTimeDbContextFactory<PostgresAppDb>
{
    public PostgresAppDb CreateDbContext(string[] args) =>
        new(AppDb.Options<PostgresAppDb>(DatabaseTarget.Parse("Host=localhost;Database=design_time")));
}
