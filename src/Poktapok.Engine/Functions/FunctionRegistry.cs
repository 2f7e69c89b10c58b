using System.Collections.Frozen;
using System.Reflection;

namespace Poktapok.Engine.Functions;

/// <summary>
/// Every server function of an app, found once at start-up (like a command table): public static methods
/// carrying a <see cref="FunctionAttribute"/> on static classes under the functions namespace. A malformed
/// function stops start-up with a message naming it, so it cannot fail later at call time.
/// </summary>
public sealed class FunctionRegistry
{
    private readonly FrozenDictionary<string, FunctionDefinition> _byPath;
    private readonly FrozenDictionary<MethodInfo, FunctionDefinition> _byMethod;

    private FunctionRegistry(IReadOnlyList<FunctionDefinition> functions)
    {
        Functions = functions;
        _byPath = functions.ToFrozenDictionary(f => f.Path, StringComparer.Ordinal);
        _byMethod = functions.ToFrozenDictionary(f => f.Method);
    }

    public IReadOnlyList<FunctionDefinition> Functions { get; }

    /// <summary>
    /// Finds the functions of <paramref name="assembly"/> under <paramref name="rootNamespace"/> whose context
    /// parameter is one of <paramref name="contextTypes"/> (the app's closed query, mutation and action
    /// context types). Throws <see cref="FunctionRegistryException"/> listing every malformed function.
    /// </summary>
    public static FunctionRegistry Build(Assembly assembly, string rootNamespace, ContextTypes contextTypes, ValueMapper values)
    {
        var problems = new List<string>();
        var functions = new List<FunctionDefinition>();
        var modules = assembly.GetTypes()
            .Where(t => IsUnder(t.Namespace, rootNamespace))
            .Where(t => !t.IsNested)
            .OrderBy(t => t.FullName, StringComparer.Ordinal);

        foreach (var module in modules)
        {
            foreach (var method in module.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                if (method.GetCustomAttribute<FunctionAttribute>() is not { } attribute)
                {
                    continue;
                }

                var path = FunctionPath.Derive(module, method.Name, rootNamespace);
                var error = Check(module, method, attribute, contextTypes);
                if (error is null)
                {
                    try
                    {
                        var binder = ArgumentBinder.For(method, values);
                        values.CheckWritable(FunctionDefinition.UnwrapResult(method.ReturnType));
                        var limit = method.GetCustomAttribute<RateLimitAttribute>();
                        functions.Add(new FunctionDefinition(path, attribute.Kind, attribute.Internal, method, binder, limit?.ToLimit(), limit?.Bucket));
                        continue;
                    }
                    catch (NotSupportedException e)
                    {
                        error = e.Message;
                    }
                    catch (Exception e) when (e is FormatException or ArgumentOutOfRangeException)
                    {
                        error = "[RateLimit] needs at least one permit and a positive window such as \"00:01:00\": " + e.Message;
                    }
                }

                problems.Add($"{FunctionPath.Display(path)} ({module.FullName}.{method.Name}): {error}");
            }
        }

        foreach (var method in assembly.GetTypes().Where(t => IsUnder(t.Namespace, rootNamespace))
                     .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
                     .Where(m => m.GetCustomAttribute<RateLimitAttribute>() is not null && m.GetCustomAttribute<FunctionAttribute>() is null))
        {
            problems.Add($"{method.DeclaringType?.FullName}.{method.Name}: [RateLimit] is only for functions");
        }

        foreach (var duplicate in functions.GroupBy(f => f.Path).Where(g => g.Count() > 1))
        {
            problems.Add($"{FunctionPath.Display(duplicate.Key)} is declared {duplicate.Count()} times (overloads are not allowed).");
        }

        // One bucket, one limit: functions sharing a bucket would otherwise refill it at different rates.
        foreach (var shared in functions.Where(f => f.RateLimit is not null).GroupBy(f => f.RateLimitBucket).Where(g => g.Select(f => f.RateLimit).Distinct().Count() > 1))
        {
            problems.Add($"the functions sharing the rate-limit bucket '{shared.Key}' declare different limits: "
                         + string.Join(", ", shared.Select(f => $"{FunctionPath.Display(f.Path)} {f.RateLimit}")));
        }

        // A function on a nested class would silently not exist; refuse it instead.
        foreach (var type in assembly.GetTypes().Where(t => t.IsNested && IsUnder(t.Namespace, rootNamespace)))
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                if (method.GetCustomAttribute<FunctionAttribute>() is not null)
                {
                    problems.Add($"{type.FullName}.{method.Name}: a function must be on a top-level static class (a module), not a nested one");
                }
            }
        }

        if (problems.Count > 0)
        {
            throw new FunctionRegistryException(problems);
        }

        return new FunctionRegistry(functions);
    }

    private static bool IsUnder(string? ns, string root) =>
        ns is not null && (ns == root || ns.StartsWith(root + ".", StringComparison.Ordinal));

    /// <summary>The function at a canonical path, or null.</summary>
    public FunctionDefinition? Find(string canonicalPath) => _byPath.GetValueOrDefault(canonicalPath);

    /// <summary>The function a method group refers to, or null.</summary>
    public FunctionDefinition? Find(MethodInfo method) => _byMethod.GetValueOrDefault(method);

    private static string? Check(Type module, MethodInfo method, FunctionAttribute attribute, ContextTypes contexts)
    {
        if (!(module.IsAbstract && module.IsSealed))
        {
            return "a module must be a static class";
        }

        if (!method.IsPublic || !method.IsStatic)
        {
            return "a function must be public and static";
        }

        if (method.IsGenericMethodDefinition)
        {
            return "a function cannot be generic";
        }

        var expected = contexts.For(attribute.Kind);
        var parameters = method.GetParameters();
        if (parameters.Length == 0 || parameters[0].ParameterType != expected)
        {
            return $"the first parameter of a {attribute.Kind.ToString().ToLowerInvariant()} must be {Describe(expected)}"
                + (parameters.Length == 0 ? "" : $", not {Describe(parameters[0].ParameterType)}");
        }

        return null;
    }

    private static string Describe(Type type) =>
        type.IsGenericType ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(Describe))}>" : type.Name;
}

/// <summary>The closed context types an app's functions take, one per kind.</summary>
public sealed record ContextTypes(Type Query, Type Mutation, Type Action)
{
    public Type For(FunctionKind kind) => kind switch
    {
        FunctionKind.Query => Query,
        FunctionKind.Mutation => Mutation,
        _ => Action,
    };
}

/// <summary>Start-up found malformed functions; the message lists each one with what is wrong.</summary>
public sealed class FunctionRegistryException(IReadOnlyList<string> problems)
    : Exception("Malformed server functions:\n  " + string.Join("\n  ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
