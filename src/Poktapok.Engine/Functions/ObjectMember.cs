using System.ComponentModel.DataAnnotations;
using System.Reflection;

namespace Poktapok.Engine.Functions;

/// <summary>
/// One field of an argument object or one plain argument: its wire name, type, whether it may be left out,
/// and its DataAnnotations rules (<c>[Length]</c>, <c>[RegularExpression]</c>, <c>[Range]</c>, <c>[EmailAddress]</c>, …).
/// Nullability is read with a new <see cref="NullabilityInfoContext"/> each time: the type is not thread-safe,
/// and hosts build registries concurrently in tests.
/// </summary>
internal sealed class ObjectMember
{
    private ObjectMember(string name, Type type, bool isNullable, bool hasDefault, object? defaultValue, IReadOnlyList<ValidationAttribute> rules)
    {
        Field = Data.ClosedSet.CamelCase(name);
        Name = name;
        Type = type;
        IsNullable = isNullable;
        HasDefault = hasDefault;
        DefaultValue = defaultValue;
        Rules = rules;
    }

    public string Field { get; }

    public string Name { get; }

    public Type Type { get; }

    public bool IsNullable { get; }

    /// <summary>Whether null may be given (for <c>Optional&lt;T&gt;</c>: whether T is nullable).</summary>
    public bool AcceptsNull { get; private init; }

    public bool HasDefault { get; }

    public object? DefaultValue { get; }

    public IReadOnlyList<ValidationAttribute> Rules { get; }

    /// <summary>The constructor or method parameter it comes from, if any (for its nullability and attributes).</summary>
    public ParameterInfo? Parameter { get; private init; }

    /// <summary>The property it comes from or that backs its record parameter, if any.</summary>
    public PropertyInfo? Property { get; private init; }

    public static ObjectMember FromParameter(ParameterInfo parameter, PropertyInfo? property = null)
    {
        var rules = parameter.GetCustomAttributes<ValidationAttribute>(inherit: true)
            .Concat(property?.GetCustomAttributes<ValidationAttribute>(inherit: true) ?? [])
            .ToList();
        var nullable = Nullable.GetUnderlyingType(parameter.ParameterType) is not null
            || (!parameter.ParameterType.IsValueType && new NullabilityInfoContext().Create(parameter).WriteState == NullabilityState.Nullable);
        return new ObjectMember(parameter.Name!, parameter.ParameterType, nullable, parameter.HasDefaultValue,
            parameter.HasDefaultValue ? parameter.DefaultValue : null, rules)
        {
            AcceptsNull = AcceptsNullFor(parameter.ParameterType, nullable, () => new NullabilityInfoContext().Create(parameter)),
            Parameter = parameter,
            Property = property,
        };
    }

    public static ObjectMember FromProperty(PropertyInfo property, object? initialValue)
    {
        var nullable = Nullable.GetUnderlyingType(property.PropertyType) is not null
            || (!property.PropertyType.IsValueType && new NullabilityInfoContext().Create(property).WriteState == NullabilityState.Nullable);
        var required = property.GetCustomAttribute<System.Runtime.CompilerServices.RequiredMemberAttribute>() is not null;
        return new ObjectMember(property.Name, property.PropertyType, nullable, !required, initialValue,
            property.GetCustomAttributes<ValidationAttribute>(inherit: true).ToList())
        {
            AcceptsNull = AcceptsNullFor(property.PropertyType, nullable, () => new NullabilityInfoContext().Create(property)),
            Property = property,
        };
    }

    private static bool AcceptsNullFor(Type type, bool nullable, Func<NullabilityInfo> info)
    {
        if (!ValueMapper.IsOptional(type))
        {
            return nullable;
        }

        var inner = type.GetGenericArguments()[0];
        return Nullable.GetUnderlyingType(inner) is not null
            || (!inner.IsValueType && info().GenericTypeArguments[0].ReadState == NullabilityState.Nullable);
    }

    /// <summary>Applies the DataAnnotations rules to a value that was given.</summary>
    public void Check(object? value, string path)
    {
        foreach (var rule in Rules)
        {
            if (value is null && rule is not RequiredAttribute)
            {
                continue;
            }

            var context = new ValidationContext(value ?? new object()) { MemberName = Field, DisplayName = Field };
            if (rule.GetValidationResult(value, context) is { ErrorMessage: { } message })
            {
                throw new ArgumentContentException(path, message);
            }
        }
    }
}
