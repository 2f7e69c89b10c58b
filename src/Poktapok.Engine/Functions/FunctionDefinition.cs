using System.Reflection;

namespace Poktapok.Engine.Functions;

/// <summary>One server function, found once at start-up: its path, kind, method and how to call it.</summary>
public sealed class FunctionDefinition
{
    internal FunctionDefinition(string path, FunctionKind kind, bool isInternal, MethodInfo method, ArgumentBinder arguments,
        RateLimit? rateLimit = null, string? rateLimitBucket = null)
    {
        Path = path;
        RateLimit = rateLimit;
        RateLimitBucket = rateLimitBucket ?? path;
        Kind = kind;
        IsInternal = isInternal;
        Method = method;
        Arguments = arguments;
        Invoke = BuildInvoker(method);
    }

    /// <summary>The canonical path, <c>module/path:function</c>.</summary>
    public string Path { get; }

    public FunctionKind Kind { get; }

    public bool IsInternal { get; }

    public MethodInfo Method { get; }

    /// <summary>How often one client may call it (<see cref="RateLimitAttribute"/>), or null when it is not limited.</summary>
    public RateLimit? RateLimit { get; }

    /// <summary>The name of its rate-limit bucket: the declared one, else the path.</summary>
    public string RateLimitBucket { get; }

    /// <summary>The declared arguments and how values are bound to them.</summary>
    public ArgumentBinder Arguments { get; }

    /// <summary>The C# type of the result (<c>void</c> for none), unwrapped from Task/ValueTask.</summary>
    public Type ResultType => UnwrapResult(Method.ReturnType);

    /// <summary>Calls the method with a context and bound arguments and awaits it.</summary>
    internal Func<object, object?[], Task<object?>> Invoke { get; }

    internal static Type UnwrapResult(Type returnType)
    {
        if (returnType == typeof(Task) || returnType == typeof(ValueTask) || returnType == typeof(void))
        {
            return typeof(void);
        }

        if (returnType.IsGenericType && (returnType.GetGenericTypeDefinition() == typeof(Task<>)
                                         || returnType.GetGenericTypeDefinition() == typeof(ValueTask<>)))
        {
            return returnType.GetGenericArguments()[0];
        }

        return returnType;
    }

    private static Func<object, object?[], Task<object?>> BuildInvoker(MethodInfo method)
    {
        var returnType = method.ReturnType;
        return async (ctx, args) =>
        {
            object?[] all = [ctx, .. args];
            object? returned;
            try
            {
                returned = method.Invoke(null, all);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                throw;
            }

            switch (returned)
            {
                case Task task:
                    await task;
                    return returnType.IsGenericType ? returnType.GetProperty("Result")!.GetValue(task) : null;
                case ValueTask valueTask:
                    await valueTask;
                    return null;
                default:
                    if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
                    {
                        var asTask = returnType.GetMethod("AsTask")!.Invoke(returned, null)!;
                        await (Task)asTask;
                        return asTask.GetType().GetProperty("Result")!.GetValue(asTask);
                    }

                    return returned;
            }
        };
    }
}
