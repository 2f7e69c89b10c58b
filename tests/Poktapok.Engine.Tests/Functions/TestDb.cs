using Microsoft.EntityFrameworkCore;
using Poktapok.Engine.Data;

namespace Poktapok.Engine.Tests.Functions;

/// <summary>A database type for contexts in unit tests (never opened).</summary>
public sealed class TestDb(DbContextOptions<TestDb> options) : PoktapokDbContext(options, DatabaseProvider.Sqlite)
{
    protected override void ConfigureModel(ModelBuilder modelBuilder)
    {
    }
}
