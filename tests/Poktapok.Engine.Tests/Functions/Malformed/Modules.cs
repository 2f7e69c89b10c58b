using Poktapok.Engine.Functions;

// Malformed functions: the registry must refuse each one, naming it.
#pragma warning disable IDE0060, CA1822

namespace Poktapok.Engine.Tests.Functions.Malformed;

public static class Broken
{
    [Query]
    public static int WrongContext(MutationContext<TestDb> ctx) => 1;

    [Mutation]
    public static int NoContext() => 1;

    [Query]
    public static int UnsupportedArgument(QueryContext<TestDb> ctx, DateTime when) => 1;

    [Query]
    public static Func<int> UnsupportedResult(QueryContext<TestDb> ctx) => () => 1;

    [Action]
    public static int Overloaded(ActionContext ctx) => 1;

    [Action]
    public static int Overloaded(ActionContext ctx, int x) => x;
}

public sealed class NotStatic
{
    [Query]
    public int Instance(QueryContext<TestDb> ctx) => 1;
}

public static class Outer
{
    public static class Inner
    {
        [Query]
        public static int Hidden(QueryContext<TestDb> ctx) => 1;
    }
}
