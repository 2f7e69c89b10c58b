using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Poktapok.Engine.Data;

namespace Poktapok.App.Schema;

/// <summary>Small helpers that keep the table configurations to what is particular to each table.</summary>
internal static class ModelBuilding
{
    /// <summary><c>timestamptz NOT NULL DEFAULT now()</c>.</summary>
    public static PropertyBuilder<DateTimeOffset> DefaultsToNow(this PropertyBuilder<DateTimeOffset> property, SqlDialect d) =>
        property.HasDefaultValueSql(d.Now);

    /// <summary>A CHECK constraint; its SQL must quote the columns it names so errors can name the fields.</summary>
    public static EntityTypeBuilder<T> Check<T>(this EntityTypeBuilder<T> entity, string name, string sql) where T : class
    {
        entity.ToTable(t => t.HasCheckConstraint(name, sql));
        return entity;
    }

    /// <summary>A CHECK that passes for NULL and otherwise requires <paramref name="sql"/>.</summary>
    public static EntityTypeBuilder<T> CheckWhenPresent<T>(this EntityTypeBuilder<T> entity, string name, string column, string sql)
        where T : class =>
        entity.Check(name, $"{SqlDialect.Quote(column)} IS NULL OR ({sql})");

    public static string Q(string column) => SqlDialect.Quote(column);
}
