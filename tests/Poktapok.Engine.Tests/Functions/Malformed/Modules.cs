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

    [Query]
    [RateLimit(0, "00:01:00")]
    public static int NoPermits(QueryContext<TestDb> ctx) => 1;

    [Query]
    [RateLimit(5, "a minute")]
    public static int BadWindow(QueryContext<TestDb> ctx) => 1;

    [Mutation]
    [RateLimit(5, "00:01:00", Bucket = "shared")]
    public static int SharedOne(MutationContext<TestDb> ctx) => 1;

    [Mutation]
    [RateLimit(6, "00:01:00", Bucket = "shared")]
    public static int SharedTwo(MutationContext<TestDb> ctx) => 1;

    [RateLimit(5, "00:01:00")]
    public static int LimitedHelper() => 1;
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
