using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Poktapok.Engine.Data;

namespace Poktapok.App.Data.Snapshots;

/// <summary>How a column is written in a snapshot document.</summary>
internal enum FieldKind
{
    /// <summary>By the value mapper's rules: ids and text as strings, decimals as decimal strings, enums by wire name.</summary>
    Value,

    /// <summary>Unix milliseconds, written with the exact microseconds as up to three decimals.</summary>
    Instant,

    /// <summary>A JSON column: the stored JSON, objects' keys sorted.</summary>
    Json,
}

/// <summary>One column of a table as a document field.</summary>
internal sealed record SnapshotField(string Name, IProperty Property, FieldKind Kind)
{
    public PropertyInfo Info => Property.PropertyInfo!;

    public Type Type => Property.ClrType;

    /// <summary>The type recorded in <c>generated_schema.jsonl</c>: what JSON alone does not say.</summary>
    public string SchemaType => Kind switch
    {
        FieldKind.Instant => "instant",
        FieldKind.Json => "json",
        _ => (Nullable.GetUnderlyingType(Type) ?? Type) switch
        {
            var t when t == typeof(Guid) => "id",
            var t when t == typeof(decimal) => $"decimal({Property.GetPrecision() ?? 18},{Property.GetScale() ?? 8})",
            var t when t == typeof(int) => "int32",
            var t when t == typeof(long) => "int64",
            var t when t == typeof(float) => "float32",
            var t when t == typeof(double) => "float64",
            var t when t == typeof(bool) => "boolean",
            var t when t == typeof(string) => "string",
            var t when t.IsEnum => "enum(" + string.Join('|', ClosedSet.NamesOf(t)) + ")",
            _ when Property.IsPrimitiveCollection && Property.GetElementType() is { } e && (Nullable.GetUnderlyingType(e.ClrType) ?? e.ClrType).IsEnum =>
                "array<enum(" + string.Join('|', ClosedSet.NamesOf(Nullable.GetUnderlyingType(e.ClrType) ?? e.ClrType)) + ")>",
            _ when Property.IsPrimitiveCollection => "array<string>",
            var t => t.Name,
        },
    } + (Property.IsNullable ? "?" : "");
}

/// <summary>
/// An app table as a snapshot sees it: its documents' fields in declaration order (the order the API writes them),
/// the column that gives <c>_creationTime</c>, and the tables it references.
/// </summary>
internal sealed class SnapshotTable
{
    private SnapshotTable(IEntityType entity)
    {
        Entity = entity;
        Name = entity.GetTableName()!;
        var mapped = entity.GetProperties().Where(p => !p.IsShadowProperty() && p.PropertyInfo is not null).ToDictionary(p => p.Name);
        Fields = entity.ClrType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.Name != "Id" && mapped.ContainsKey(p.Name))
            .Select(p => mapped[p.Name])
            .Select(p => new SnapshotField(ClosedSet.CamelCase(p.Name), p, KindOf(p)))
            .ToList();
        // As the value mapper does (AppFunctions.CreateValueMapper): CreatedAt, else the first instant defaulting to now.
        CreationTime = Fields.FirstOrDefault(f => f.Info.Name == "CreatedAt")
            ?? Fields.FirstOrDefault(f => f.Kind == FieldKind.Instant && f.Property.GetDefaultValueSql() is not null);
        References = entity.GetForeignKeys()
            .Select(k => k.PrincipalEntityType.GetTableName()!)
            .Where(t => t != Name)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    public IEntityType Entity { get; }

    public string Name { get; }

    public Type ClrType => Entity.ClrType;

    public IReadOnlyList<SnapshotField> Fields { get; }

    public SnapshotField? CreationTime { get; }

    /// <summary>The tables this one has foreign keys to (their rows must be written first).</summary>
    public IReadOnlyList<string> References { get; }

    /// <summary>The entry holding the table's documents.</summary>
    public string Entry => Name + "/" + SnapshotFormat.DocumentsFile;

    /// <summary>
    /// Every app table of <paramref name="model"/> (the runtime's <c>_poktapok_*</c> tables excluded), referenced
    /// tables before the tables that reference them, ties broken by name, so the order is the same on every run.
    /// </summary>
    public static IReadOnlyList<SnapshotTable> All(IModel model)
    {
        var tables = model.GetEntityTypes()
            .Where(t => !t.IsOwned() && t.GetTableName() is { } name && !PoktapokDbContext.IsSystemTable(name))
            .Select(t => new SnapshotTable(t))
            .ToDictionary(t => t.Name, StringComparer.Ordinal);
        var ordered = new List<SnapshotTable>();
        var placed = new HashSet<string>(StringComparer.Ordinal);
        while (ordered.Count < tables.Count)
        {
            var ready = tables.Values
                .Where(t => !placed.Contains(t.Name) && t.References.All(r => placed.Contains(r) || !tables.ContainsKey(r)))
                .OrderBy(t => t.Name, StringComparer.Ordinal)
                .FirstOrDefault()
                ?? throw new InvalidOperationException("The model's foreign keys form a cycle; a snapshot cannot order its tables.");
            ordered.Add(ready);
            placed.Add(ready.Name);
        }

        return ordered;
    }

    private static FieldKind KindOf(IProperty property)
    {
        if ((Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType) == typeof(DateTimeOffset))
        {
            return FieldKind.Instant;
        }

        var converter = property.GetValueConverter() ?? property.FindTypeMapping()?.Converter;
        return property.ClrType == typeof(JsonObject)
               || converter?.GetType() is { IsGenericType: true } c && c.GetGenericTypeDefinition() == typeof(JsonValueConverter<>)
            ? FieldKind.Json
            : FieldKind.Value;
    }
}
