using Poktapok.Engine.Functions;

namespace Poktapok.Engine.Tests.Functions;

public sealed class FunctionPathTests
{
    [Theory]
    [InlineData("events:list", "events:list")]
    [InlineData("luma/sync:syncCalendar", "luma/sync:syncCalendar")]
    [InlineData("foo", "foo:default")]
    [InlineData("messages.js:list", "messages:list")]
    [InlineData("a/b.js", "a/b:default")]
    [InlineData("weird:name:list", "weird:name:list")]
    public void paths_are_canonicalised_as_the_client_does(string sent, string canonical)
    {
        FunctionPath.Canonicalize(sent).ShouldBe(canonical);
    }

    [Theory]
    [InlineData("foo:default", "foo")]
    [InlineData("events:list", "events:list")]
    public void the_default_export_is_shown_without_its_name(string canonical, string shown)
    {
        FunctionPath.Display(canonical).ShouldBe(shown);
    }

    [Theory]
    [InlineData(typeof(Samples.Events), "ListPublished", "events:listPublished")]
    [InlineData(typeof(Samples.Luma.Sync), "SyncCalendar", "luma/sync:syncCalendar")]
    [InlineData(typeof(Samples.Luma.SyncAction), "Run", "luma/syncAction:run")]
    [InlineData(typeof(Samples.Admin.Users), "Default", "admin/users:default")]
    public void paths_derive_from_folder_class_and_method(Type module, string method, string path)
    {
        FunctionPath.Derive(module, method, "Poktapok.Engine.Tests.Functions.Samples").ShouldBe(path);
    }

    [Fact]
    public void a_module_outside_the_root_has_no_path()
    {
        Should.Throw<ArgumentException>(() => FunctionPath.Derive(typeof(FunctionPathTests), "X", "Poktapok.Engine.Tests.Functions.Samples"));
    }

    [Theory]
    [InlineData("events/listPublished", "events:listPublished")]
    [InlineData("luma/sync/syncCalendar", "luma/sync:syncCalendar")]
    [InlineData("a%20b/c", "a b:c")]
    [InlineData("events", null)]
    [InlineData("", null)]
    public void run_urls_name_the_module_then_the_function(string tail, string? path)
    {
        FunctionPath.FromRunUrl(tail).ShouldBe(path);
    }
}
