using System.Linq.Expressions;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Poktapok.Engine.Data;

/// <summary>A row that is hidden, not removed, when deleted: reads skip it unless they ask otherwise.</summary>
public interface ISoftDeletable
{
    DateTimeOffset? DeletedAt { get; set; }
}

/// <summary>
/// The rules every table of the model follows, applied once after the entities are configured, so that
/// entity configurations state only what is particular to a table:
/// <list type="bullet">
/// <item>single Guid keys get UUIDv7 values when new (legacy ids set by hand are kept);</item>
/// <item>enums are closed sets stored by wire name, with a CHECK listing the allowed names;</item>
/// <item>instants are <c>timestamptz</c> on PostgreSQL and Unix microseconds on SQLite;</item>
/// <item>decimals are exact on both (<c>numeric</c>, or scaled integers on SQLite);</item>
/// <item>JSON values are <c>jsonb</c> on PostgreSQL and text on SQLite;</item>
/// <item><c>CreatedAt</c>/<c>UpdatedAt</c> default to now and JSON objects (<c>metadata</c>) to <c>{}</c>, as in the
/// legacy schema's shared column groups;</item>
/// <item>columns with a database default are still always written by EF (the entity's initial value is
/// the default), so a CLR default such as the first enum member is never mistaken for "not set";</item>
/// <item><see cref="ISoftDeletable"/> rows are filtered out of every query unless it ignores filters.</item>
/// </list>
/// </summary>
public static class ModelConventions
{
    private const string JsonAnnotation = "Poktapok:Json";
    private const string CreatedAt = nameof(CreatedAt);
    private const string UpdatedAt = nameof(UpdatedAt);

    /// <summary>Marks a property as a JSON value (a record, a list of records or a <see cref="JsonObject"/>).</summary>
    public static PropertyBuilder<T> IsJson<T>(this PropertyBuilder<T> property)
    {
        property.HasAnnotation(JsonAnnotation, true);
        property.HasConversion(new JsonValueConverter<T>(), new JsonValueComparer<T>());
        return property;
    }

    public static void Apply(ModelBuilder modelBuilder, SqlDialect dialect)
    {
        foreach (var entityType in modelBuilder.Model.GetEntityTypes().Where(t => !t.IsOwned()))
        {
            foreach (var property in entityType.GetProperties().ToList())
            {
                ApplyToProperty(entityType, property, dialect);
            }

            if (typeof(ISoftDeletable).IsAssignableFrom(entityType.ClrType))
            {
                entityType.SetQueryFilter(SoftDeleteFilter(entityType.ClrType));
            }
        }
    }

    private static void ApplyToProperty(IMutableEntityType entityType, IMutableProperty property, SqlDialect dialect)
    {
        var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;

        if (property.IsPrimaryKey() && type == typeof(Guid) && entityType.FindPrimaryKey()!.Properties.Count == 1)
        {
            property.ValueGenerated = ValueGenerated.OnAdd;
            property.SetValueGeneratorFactory((_, _) => new UuidV7Generator());
            return;
        }

        if (!property.IsNullable && property.GetDefaultValueSql() is null && !property.TryGetDefaultValue(out _))
        {
            if (type == typeof(DateTimeOffset) && property.Name is CreatedAt or UpdatedAt)
            {
                property.SetDefaultValueSql(dialect.Now);
            }
            else if (type == typeof(JsonObject))
            {
                property.SetDefaultValueSql(dialect.EmptyJsonObject);
            }
        }

        if (property.TryGetDefaultValue(out _) || property.GetDefaultValueSql() is not null)
        {
            property.ValueGenerated = ValueGenerated.Never;
        }

        if (type.IsEnum)
        {
            var names = ClosedSet.NamesOf(type);
            property.SetValueConverter((ValueConverter)Activator.CreateInstance(typeof(ClosedSetConverter<>).MakeGenericType(type))!);
            property.SetMaxLength(Math.Max(property.GetMaxLength() ?? 0, names.Max(n => n.Length)));
            var column = property.GetColumnName();
            var inSet = $"{SqlDialect.Quote(column)} IN ({string.Join(", ", names.Select(n => $"'{n}'"))})";
            entityType.AddCheckConstraint(
                $"{entityType.GetTableName()}_{column}_set",
                property.IsNullable ? $"{SqlDialect.Quote(column)} IS NULL OR {inSet}" : inSet);
        }
        else if (type == typeof(DateTimeOffset))
        {
            property.SetValueConverter(dialect.IsPostgres ? new UtcConverter() : new UnixMicrosConverter());
        }
        else if (type == typeof(decimal) && !dialect.IsPostgres)
        {
            property.SetValueConverter(new ScaledDecimalConverter());
        }
        else if (property.FindAnnotation(JsonAnnotation) is not null)
        {
            property.RemoveAnnotation(JsonAnnotation);
            property.SetColumnType(dialect.IsPostgres ? "jsonb" : "TEXT");
        }
        else if (property.IsPrimitiveCollection && property.GetElementType() is { } element)
        {
            var elementType = Nullable.GetUnderlyingType(element.ClrType) ?? element.ClrType;
            if (elementType.IsEnum)
            {
                element.SetValueConverter((ValueConverter)Activator.CreateInstance(typeof(ClosedSetConverter<>).MakeGenericType(elementType))!);
            }
        }
    }

    private static LambdaExpression SoftDeleteFilter(Type clrType)
    {
        var row = Expression.Parameter(clrType, "row");
        var deletedAt = Expression.Property(row, nameof(ISoftDeletable.DeletedAt));
        return Expression.Lambda(Expression.Equal(deletedAt, Expression.Constant(null, typeof(DateTimeOffset?))), row);
    }
}
