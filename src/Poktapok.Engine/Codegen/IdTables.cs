using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Poktapok.Engine.Functions;

namespace Poktapok.Engine.Codegen;

/// <summary>
/// Which table a <see cref="Guid"/> refers to, for <c>Id&lt;"table"&gt;</c>. In order: an <see cref="IdOfAttribute"/>;
/// a document's key (its own table) or foreign key (the principal's table, from the model); the field's name, when it
/// names an entity: <c>eventId</c> → events, <c>programIds</c> → programs (the entity <c>TrainingProgram</c>'s last word),
/// <c>reviewedByUserId</c> → users. A name that fits no table, or more than one, leaves the id a plain string.
/// </summary>
internal sealed partial class IdTables
{
    private const string Storage = IdOfAttribute.Storage;
    private const string ScheduledFunctions = IdOfAttribute.ScheduledFunctions;

    private readonly Dictionary<PropertyInfo, string> _keys = [];
    private readonly Dictionary<string, string> _byName = new(StringComparer.OrdinalIgnoreCase);

    public IdTables(IModel model)
    {
        var ambiguous = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var lastWords = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entity in model.GetEntityTypes())
        {
            if (TableOf(entity) is not { } table)
            {
                continue;
            }

            Tables[entity.ClrType] = table;
            _byName[entity.ClrType.Name] = table;
            var lastWord = Words(entity.ClrType.Name)[^1];
            if (!lastWords.TryAdd(lastWord, table) && lastWords[lastWord] != table)
            {
                ambiguous.Add(lastWord);
            }

            foreach (var key in entity.GetKeys().Where(k => k.IsPrimaryKey()).SelectMany(k => k.Properties))
            {
                if (key.PropertyInfo is { } property && property.PropertyType == typeof(Guid))
                {
                    _keys[property] = table;
                }
            }

            foreach (var foreignKey in entity.GetForeignKeys())
            {
                if (foreignKey.Properties.Count == 1 && foreignKey.Properties[0].PropertyInfo is { } property
                    && TableOf(foreignKey.PrincipalEntityType) is { } principal)
                {
                    _keys[property] = principal;
                }
            }
        }

        foreach (var (word, table) in lastWords.Where(w => !ambiguous.Contains(w.Key)))
        {
            _byName.TryAdd(word, table);
        }

        _byName.TryAdd("Storage", Storage);
        _byName.TryAdd("File", Storage);
        _byName.TryAdd("Job", ScheduledFunctions);
    }

    /// <summary>The tables of the documents functions can return, by entity type (system tables under Convex's names).</summary>
    public Dictionary<Type, string> Tables { get; } = [];

    /// <summary>The table a Guid held by <paramref name="property"/> or <paramref name="parameter"/> (named <paramref name="name"/>) refers to, or null.</summary>
    public string? Resolve(string name, PropertyInfo? property, ParameterInfo? parameter)
    {
        if ((property?.GetCustomAttribute<IdOfAttribute>() ?? parameter?.GetCustomAttribute<IdOfAttribute>()) is { } explicitly)
        {
            return explicitly.Table;
        }

        if (property is not null && _keys.TryGetValue(property, out var keyed))
        {
            return keyed;
        }

        var stem = name.EndsWith("Ids", StringComparison.OrdinalIgnoreCase) ? name[..^3]
            : name.EndsWith("Id", StringComparison.OrdinalIgnoreCase) ? name[..^2]
            : null;
        if (string.IsNullOrEmpty(stem))
        {
            return null;
        }

        return _byName.TryGetValue(stem, out var table) ? table
            : _byName.TryGetValue(Words(stem)[^1], out table) ? table
            : null;
    }

    private static string? TableOf(IReadOnlyEntityType entity) => entity.GetTableName() switch
    {
        null => null,
        Engine.Storage.StoredFile.TableName => Storage,
        Scheduling.ScheduledJob.TableName => ScheduledFunctions,
        var name when Data.PoktapokDbContext.IsSystemTable(name) => null,
        var name => name,
    };

    private static string[] Words(string pascalOrCamel) => WordStarts().Split(pascalOrCamel).Where(w => w.Length > 0).ToArray();

    [GeneratedRegex("(?<!^)(?=[A-Z])")]
    private static partial Regex WordStarts();
}
