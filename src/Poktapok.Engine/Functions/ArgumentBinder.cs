using System.Reflection;
using Poktapok.Protocol.Values;

namespace Poktapok.Engine.Functions;

/// <summary>
/// The declared arguments of a function and how a Convex argument object is bound to them. A function takes
/// either plain parameters after its context (each one a field, named as the parameter) or a single record
/// whose type name ends in <c>Args</c> (the whole object). Fields that are nullable, have a default or are
/// <see cref="Optional{T}"/> may be left out; any other missing field, and any unknown field, is refused.
/// </summary>
public sealed class ArgumentBinder
{
    private readonly ValueMapper _values;
    private readonly IReadOnlyList<ObjectMember> _members;
    private readonly Type? _argsRecord;

    private ArgumentBinder(ValueMapper values, IReadOnlyList<ObjectMember> members, Type? argsRecord)
    {
        _values = values;
        _members = members;
        _argsRecord = argsRecord;
    }

    /// <summary>The argument object's type when the function takes one record, else null.</summary>
    public Type? ArgsRecord => _argsRecord;

    /// <summary>The plain parameters (or the record's fields).</summary>
    internal IReadOnlyList<ObjectMember> Members => _members;

    internal static ArgumentBinder For(MethodInfo method, ValueMapper values)
    {
        var parameters = method.GetParameters().Skip(1).ToList();
        if (parameters.Count == 1 && parameters[0].ParameterType is { IsClass: true } record
            && record.Name.EndsWith("Args", StringComparison.Ordinal) && record != typeof(string))
        {
            values.CheckReadable(record);
            return new ArgumentBinder(values, ObjectMembers.Of(record).All, record);
        }

        var members = parameters.Select(p => ObjectMember.FromParameter(p)).ToList();
        foreach (var member in members)
        {
            values.CheckReadable(member.Type);
        }

        return new ArgumentBinder(values, members, null);
    }

    /// <summary>
    /// Binds an argument object to the method's parameters (after the context). Throws
    /// <see cref="ArgumentShapeException"/> or <see cref="ArgumentContentException"/>.
    /// </summary>
    public object?[] Bind(ConvexValue args)
    {
        if (args is not ConvexObject obj)
        {
            throw new ArgumentShapeException("", "must be an object");
        }

        if (_argsRecord is not null)
        {
            return [_values.ReadObject(obj, _argsRecord, "")];
        }

        foreach (var key in obj.Keys)
        {
            if (!_members.Any(m => m.Field == key))
            {
                throw new ArgumentShapeException("." + key, "is not an argument of this function");
            }
        }

        var values = new object?[_members.Count];
        var errors = new List<ArgumentContentException>();
        for (var i = 0; i < _members.Count; i++)
        {
            try
            {
                values[i] = _values.ReadMember(obj, _members[i], "." + _members[i].Field);
            }
            catch (ArgumentContentException e)
            {
                errors.Add(e);
            }
        }

        return errors.Count > 0 ? throw new ArgumentContentException(errors) : values;
    }
}
