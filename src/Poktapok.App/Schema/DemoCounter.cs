using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Poktapok.Engine.Data;

namespace Poktapok.App.Schema;

/// <summary>A named counter for the demo functions (<c>demo_counters</c>): used by tests, benchmarks and docs.</summary>
public class DemoCounter
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public int Value { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    internal static void Configure(EntityTypeBuilder<DemoCounter> b, SqlDialect d)
    {
        b.ToTable("demo_counters");
        b.Property(c => c.Name).HasMaxLength(100);
        b.HasIndex(c => c.Name).IsUnique().HasDatabaseName("demo_counters_name_unique");
    }
}
