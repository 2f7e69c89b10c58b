using Poktapok.Engine.Functions;

namespace Poktapok.Engine.Tests.Functions;

public sealed class FunctionRegistryTests
{
    private static readonly ContextTypes s_contexts = new(typeof(QueryContext<TestDb>), typeof(MutationContext<TestDb>), typeof(ActionContext));

    private static FunctionRegistry Build(string root) =>
        FunctionRegistry.Build(typeof(FunctionRegistryTests).Assembly, root, s_contexts, new ValueMapper(new Dictionary<Type, System.Reflection.PropertyInfo?>()));

    [Fact]
    public void every_attributed_method_is_found_with_its_path_and_kind()
    {
        var registry = Build("Poktapok.Engine.Tests.Functions.Samples");

        registry.Functions.Select(f => (f.Path, f.Kind, f.IsInternal)).ShouldBe(
        [
            ("admin/users:default", FunctionKind.Query, false),
            ("events:listPublished", FunctionKind.Query, false),
            ("events:create", FunctionKind.Mutation, false),
            ("events:refresh", FunctionKind.Mutation, true),
            ("luma/sync:syncCalendar", FunctionKind.Action, true),
            ("luma/syncAction:run", FunctionKind.Action, false),
        ], ignoreOrder: true);
        registry.Find("events:listPublished")!.ResultType.ShouldBe(typeof(List<string>));
        registry.Find("luma/syncAction:run")!.ResultType.ShouldBe(typeof(long));
        registry.Find("events:refresh")!.ResultType.ShouldBe(typeof(void));
        registry.Find("events:notAFunction").ShouldBeNull();
        registry.Find("events:listPublished")!.RateLimit.ShouldBe(RateLimit.PerMinute(30));
        registry.Find("events:listPublished")!.RateLimitBucket.ShouldBe("events:listPublished");
        registry.Find("luma/sync:syncCalendar")!.RateLimit.ShouldBe(RateLimit.PerHour(10));
        registry.Find("luma/sync:syncCalendar")!.RateLimitBucket.ShouldBe("luma");
        registry.Find("events:create")!.RateLimit.ShouldBeNull();
    }

    [Fact]
    public void malformed_functions_stop_start_up_naming_each_one()
    {
        var error = Should.Throw<FunctionRegistryException>(() => Build("Poktapok.Engine.Tests.Functions.Malformed"));

        error.Problems.ShouldContain(p => p.StartsWith("broken:wrongContext", StringComparison.Ordinal) && p.Contains("must be QueryContext<TestDb>, not MutationContext<TestDb>"));
        error.Problems.ShouldContain(p => p.StartsWith("broken:noContext", StringComparison.Ordinal) && p.Contains("first parameter"));
        error.Problems.ShouldContain(p => p.StartsWith("broken:unsupportedArgument", StringComparison.Ordinal) && p.Contains("DateTime"));
        error.Problems.ShouldContain(p => p.StartsWith("broken:unsupportedResult", StringComparison.Ordinal));
        error.Problems.ShouldContain(p => p.StartsWith("broken:overloaded is declared 2 times", StringComparison.Ordinal));
        error.Problems.ShouldContain(p => p.StartsWith("notStatic:instance", StringComparison.Ordinal) && p.Contains("static class"));
        error.Problems.ShouldContain(p => p.Contains("Outer+Inner.Hidden") && p.Contains("nested"));
        error.Problems.ShouldContain(p => p.StartsWith("broken:noPermits", StringComparison.Ordinal) && p.Contains("[RateLimit]"));
        error.Problems.ShouldContain(p => p.StartsWith("broken:badWindow", StringComparison.Ordinal) && p.Contains("[RateLimit]"));
        error.Problems.ShouldContain(p => p.Contains("bucket 'shared'") && p.Contains("broken:sharedOne") && p.Contains("broken:sharedTwo"));
        error.Problems.ShouldContain(p => p.Contains("Broken.LimitedHelper") && p.Contains("only for functions"));
        error.Message.ShouldContain("Malformed server functions");
    }
}
