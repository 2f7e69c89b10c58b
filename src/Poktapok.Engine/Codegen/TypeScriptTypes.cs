using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Poktapok.Engine.Data;
using Poktapok.Engine.Functions;
using Poktapok.Protocol.Values;

namespace Poktapok.Engine.Codegen;

/// <summary>
/// The TypeScript type of a C# argument or result, following <see cref="ValueMapper"/>'s rules both ways: numbers
/// and instants are <c>number</c>, <c>long</c> is <c>bigint</c>, <c>decimal</c> a string, <c>byte[]</c> an
/// <c>ArrayBuffer</c>, enums the union of their wire names, ids <c>Id&lt;"table"&gt;</c>, documents
/// <c>Doc&lt;"table"&gt;</c>, <see cref="Optional{T}"/> an optional field and a nullable one <c>T | null</c>.
/// </summary>
internal sealed class TypeScriptTypes(ValueMapper values, IdTables ids)
{
    private readonly HashSet<Type> _rendering = [];

    /// <summary>Where a Guid could not be tied to a table and was typed <c>string</c> (e.g. <c>users:get args.id</c>).</summary>
    public SortedSet<string> UntypedIds { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// A value's place: the name of the field holding it, the member declaring it (read for <see cref="IdOfAttribute"/>
    /// and <see cref="AllowedValuesAttribute"/>), and where it is, for the untyped-id report.
    /// </summary>
    public readonly record struct IdSource(string Name, PropertyInfo? Property, ParameterInfo? Parameter, string Where);

    // ---------------------------------------------------------------- results (C# → Convex)

    /// <summary>The type of a value written as <paramref name="type"/>.</summary>
    public string Result(Type type, NullabilityInfo? nullability, IdSource id)
    {
        if (type == typeof(void))
        {
            return "null";
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return OrNull(ResultCore(underlying, nullability, id));
        }

        var core = ResultCore(type, nullability, id);
        return !type.IsValueType && nullability?.ReadState == NullabilityState.Nullable ? OrNull(core) : core;
    }

    private string ResultCore(Type type, NullabilityInfo? nullability, IdSource id)
    {
        if (Scalar(type, id, reading: false) is { } scalar)
        {
            return scalar;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(PaginationResult<>))
        {
            var item = type.GetGenericArguments()[0];
            return $"PaginationResult<{Result(item, nullability?.GenericTypeArguments.FirstOrDefault(), id)}>";
        }

        if (ValueMapper.DictionaryValueTypeOf(type) is { } valueType)
        {
            return $"Record<string, {Result(valueType, nullability?.GenericTypeArguments.ElementAtOrDefault(1), id)}>";
        }

        if (WrittenElementType(type) is { } element)
        {
            var elementNullability = type.IsArray ? nullability?.ElementType : nullability?.GenericTypeArguments.FirstOrDefault();
            return ArrayOf(Result(element, elementNullability, id));
        }

        if (values.IsDocument(type, out _) && ids.Tables.TryGetValue(type, out var table))
        {
            return $"Doc<{Quote(table)}>";
        }

        if (!_rendering.Add(type))
        {
            return "any"; // a type that contains itself: the generated type stops there
        }

        try
        {
            return ObjectType(ResultFields(type, id.Where));
        }
        finally
        {
            _rendering.Remove(type);
        }
    }

    /// <summary>The fields a value of <paramref name="type"/> is written with, in order.</summary>
    public IEnumerable<Field> ResultFields(Type type, string where, PropertyInfo? skip = null)
    {
        foreach (var property in values.WrittenProperties(type))
        {
            if (property == skip)
            {
                continue;
            }

            var nullability = new NullabilityInfoContext().Create(property);
            var name = ClosedSet.CamelCase(property.Name);
            var source = new IdSource(name, property, PrimaryConstructorParameter(property), $"{where}.{name}");
            yield return ValueMapper.IsOptional(property.PropertyType)
                ? new Field(name, Optional: true, Result(property.PropertyType.GetGenericArguments()[0], nullability.GenericTypeArguments[0], source))
                : new Field(name, Optional: false, Result(property.PropertyType, nullability, source));
        }
    }

    private static Type? WrittenElementType(Type type)
    {
        if (type == typeof(string) || type == typeof(byte[]) || !typeof(IEnumerable).IsAssignableFrom(type))
        {
            return null;
        }

        return type.IsArray
            ? type.GetElementType()
            : (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>) ? type : type.GetInterfaces()
                .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>)))?.GetGenericArguments()[0]
              ?? typeof(object);
    }

    private static ParameterInfo? PrimaryConstructorParameter(PropertyInfo property) =>
        property.DeclaringType?.GetConstructors()
            .SelectMany(c => c.GetParameters())
            .FirstOrDefault(p => string.Equals(p.Name, property.Name, StringComparison.Ordinal) && p.ParameterType == property.PropertyType);

    // ---------------------------------------------------------------- arguments (Convex → C#)

    /// <summary>The type of an argument object with <paramref name="members"/>.</summary>
    public string Arguments(IReadOnlyList<ObjectMember> members, string where)
    {
        if (members.Count == 0)
        {
            return "Record<string, never>";
        }

        var fields = new List<Field>();
        foreach (var member in members)
        {
            var declared = ValueMapper.IsOptional(member.Type) ? member.Type.GetGenericArguments()[0] : member.Type;
            var nullability = Nullability(member);
            if (ValueMapper.IsOptional(member.Type))
            {
                nullability = nullability?.GenericTypeArguments.FirstOrDefault();
            }

            var source = new IdSource(member.Field, member.Property, member.Parameter, $"{where}.{member.Field}");
            var type = Argument(Nullable.GetUnderlyingType(declared) ?? declared, nullability, source);
            var optional = ValueMapper.IsOptional(member.Type) || member.HasDefault || member.IsNullable;
            fields.Add(new Field(member.Field, optional, member.AcceptsNull ? OrNull(type) : type));
        }

        return ObjectType(fields);
    }

    private static NullabilityInfo? Nullability(ObjectMember member) =>
        member.Parameter is { } parameter ? new NullabilityInfoContext().Create(parameter)
        : member.Property is { } property ? new NullabilityInfoContext().Create(property)
        : null;

    private string Argument(Type type, NullabilityInfo? nullability, IdSource id)
    {
        if (type == typeof(PaginationOptions))
        {
            return "PaginationOptions";
        }

        if (Scalar(type, id, reading: true) is { } scalar)
        {
            return scalar;
        }

        if (ValueMapper.DictionaryValueTypeOf(type) is { } valueType)
        {
            return $"Record<string, {ArgumentElement(valueType, nullability?.GenericTypeArguments.ElementAtOrDefault(1), id)}>";
        }

        if (ValueMapper.ListElementType(type) is { } element)
        {
            var elementNullability = type.IsArray ? nullability?.ElementType : nullability?.GenericTypeArguments.FirstOrDefault();
            return ArrayOf(ArgumentElement(element, elementNullability, id));
        }

        if (!_rendering.Add(type))
        {
            return "any";
        }

        try
        {
            return Arguments(ObjectMembers.Of(type).All, id.Where);
        }
        finally
        {
            _rendering.Remove(type);
        }
    }

    private string ArgumentElement(Type type, NullabilityInfo? nullability, IdSource id) =>
        Nullable.GetUnderlyingType(type) is { } underlying ? OrNull(Argument(underlying, nullability, id))
        : !type.IsValueType && nullability?.ReadState == NullabilityState.Nullable ? OrNull(Argument(type, nullability, id))
        : Argument(type, nullability, id);

    // ---------------------------------------------------------------- shared

    private string? Scalar(Type type, IdSource id, bool reading) => type switch
    {
        _ when type == typeof(string) => StringType(id),
        _ when type == typeof(bool) => "boolean",
        _ when type == typeof(int) || type == typeof(double) || type == typeof(float) || type == typeof(short)
               || type == typeof(byte) || type == typeof(uint) || type == typeof(DateTimeOffset) => "number",
        _ when type == typeof(long) => "bigint",
        _ when type == typeof(decimal) => reading ? "string | number" : "string",
        _ when type == typeof(byte[]) => "ArrayBuffer",
        _ when type == typeof(Guid) => IdType(id),
        _ when type.IsEnum => string.Join(" | ", ClosedSet.NamesOf(type).Select(Quote)),
        _ when type == typeof(JsonObject) => "Record<string, any>",
        _ when type == typeof(JsonArray) => "any[]",
        _ when type == typeof(object) || type == typeof(ConvexValue) || typeof(JsonNode).IsAssignableFrom(type) || type == typeof(JsonElement) => "any",
        _ => null,
    };

    // A string is an id only when its member says so ([IdOf]: names like lumaEventId are other systems' ids), and a
    // closed set when [AllowedValues] lists its strings.
    private string StringType(IdSource id)
    {
        if ((id.Property?.GetCustomAttribute<IdOfAttribute>() ?? id.Parameter?.GetCustomAttribute<IdOfAttribute>()) is { } explicitly)
        {
            return explicitly.Table == IdOfAttribute.SeveralTables ? "string" : $"Id<{Quote(explicitly.Table)}>";
        }

        var allowed = id.Property?.GetCustomAttribute<AllowedValuesAttribute>() ?? id.Parameter?.GetCustomAttribute<AllowedValuesAttribute>();
        return allowed is not null && allowed.Values.All(v => v is string)
            ? string.Join(" | ", allowed.Values.Cast<string>().Select(Quote))
            : "string";
    }

    private string IdType(IdSource id)
    {
        if (ids.Resolve(id.Name, id.Property, id.Parameter) is { } table)
        {
            return table == IdOfAttribute.SeveralTables ? "string" : $"Id<{Quote(table)}>";
        }

        UntypedIds.Add(id.Where);
        return "string";
    }

    /// <summary>One field of an object type.</summary>
    public sealed record Field(string Name, bool Optional, string Type);

    /// <summary>An object type, one field per line, indented relative to its first line.</summary>
    public static string ObjectType(IEnumerable<Field> fields)
    {
        var text = new StringBuilder("{\n");
        foreach (var field in fields)
        {
            text.Append("  ").Append(PropertyName(field.Name)).Append(field.Optional ? "?: " : ": ")
                .Append(Indent(field.Type, 1)).Append(";\n");
        }

        return text.Length == 2 ? "{}" : text.Append('}').ToString();
    }

    /// <summary>A multi-line type moved <paramref name="depth"/> levels right (its first line stays where it is put).</summary>
    public static string Indent(string type, int depth) => type.Replace("\n", "\n" + new string(' ', 2 * depth), StringComparison.Ordinal);

    private static string PropertyName(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] is '_' or '$') && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '$')
            ? name
            : Quote(name);

    public static string Quote(string text) => JsonSerializer.Serialize(text);

    private static string OrNull(string type) => type.EndsWith(" | null", StringComparison.Ordinal) ? type : type + " | null";

    private static string ArrayOf(string element) =>
        element.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '<' or '>' or '"' or '[' or ']') ? element + "[]" : $"Array<{element}>";
}
