using System.ComponentModel.DataAnnotations;
using Poktapok.Engine.Functions;

// Well-formed modules for the registry and path tests.
#pragma warning disable IDE0060 // Parameters are the declared arguments; the bodies do not need them.

namespace Poktapok.Engine.Tests.Functions.Samples
{
    public static class Events
    {
        public sealed record CreateArgs([Length(5, 100)] string Title, int? Capacity = null);

        [Query]
        [RateLimit(30, "00:01:00")]
        public static Task<List<string>> ListPublished(QueryContext<TestDb> ctx, int limit = 20) => Task.FromResult(new List<string>());

        [Mutation]
        public static string Create(MutationContext<TestDb> ctx, CreateArgs args) => args.Title;

        [InternalMutation]
        public static Task Refresh(MutationContext<TestDb> ctx) => Task.CompletedTask;

        public static int NotAFunction() => 1;
    }
}

namespace Poktapok.Engine.Tests.Functions.Samples.Luma
{
    public static class Sync
    {
        [InternalAction]
        [RateLimit(10, "01:00:00", Bucket = "luma")]
        public static Task<int> SyncCalendar(ActionContext ctx, string calendarSlug) => Task.FromResult(0);
    }

    public static class SyncAction
    {
        [Action]
        public static ValueTask<long> Run(ActionContext ctx) => ValueTask.FromResult(1L);
    }
}

namespace Poktapok.Engine.Tests.Functions.Samples.Admin
{
    public static class Users
    {
        [Query]
        public static string Default(QueryContext<TestDb> ctx) => "users";
    }
}
