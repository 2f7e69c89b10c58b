using System.Collections.Concurrent;
using System.Reflection;

namespace Poktapok.Engine.Functions;

/// <summary>How an argument object maps onto a C# type: a record's constructor, or a class's settable properties.</summary>
internal sealed class ObjectMembers
{
    private static readonly ConcurrentDictionary<Type, ObjectMembers> s_cache = new();

    private readonly Func<object?[], object> _create;

    private ObjectMembers(IReadOnlyList<ObjectMember> all, Func<object?[], object> create)
    {
        All = all;
        ByField = all.ToDictionary(m => m.Field, StringComparer.Ordinal);
        _create = create;
    }

    public IReadOnlyList<ObjectMember> All { get; }

    public IReadOnlyDictionary<string, ObjectMember> ByField { get; }

    public object Create(object?[] values) => _create(values);

    public static ObjectMembers Of(Type type) => s_cache.GetOrAdd(type, Build);

    private static ObjectMembers Build(Type type)
    {
        var constructor = type.GetConstructors()
            .Where(c => c.GetParameters().All(p => p.ParameterType != type))
            .OrderByDescending(c => c.GetParameters().Length)
            .FirstOrDefault()
            ?? throw new NotSupportedException($"{type.Name} has no public constructor");

        var parameters = constructor.GetParameters();
        if (parameters.Length > 0)
        {
            var members = parameters
                .Select(p => ObjectMember.FromParameter(p, type.GetProperty(p.Name!, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)))
                .ToList();
            return new ObjectMembers(members, values => constructor.Invoke(values));
        }

        // A class with settable properties: absent fields keep the values a new instance starts with.
        var template = constructor.Invoke(null);
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.SetMethod!.IsPublic)
            .ToList();
        var settable = properties.Select(p => ObjectMember.FromProperty(p, p.GetValue(template))).ToList();
        return new ObjectMembers(settable, values =>
        {
            var instance = constructor.Invoke(null);
            for (var i = 0; i < properties.Count; i++)
            {
                properties[i].SetValue(instance, values[i]);
            }

            return instance;
        });
    }
}
