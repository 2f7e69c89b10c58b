using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;

namespace Poktapok.Server.Tests.Functions;

/// <summary>The pure project rules: first publication (fix C8) and the list order key.</summary>
public sealed class ProjectRulesTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void published_at_is_set_once_when_the_status_first_leaves_draft()
    {
        ProjectRules.PublishedAt(null, ProjectStatus.Draft, s_t0).ShouldBeNull();
        ProjectRules.PublishedAt(null, ProjectStatus.Wip, s_t0).ShouldBe(s_t0);
        ProjectRules.PublishedAt(s_t0, ProjectStatus.Archived, s_t0.AddDays(1)).ShouldBe(s_t0);
        ProjectRules.PublishedAt(s_t0, ProjectStatus.Draft, s_t0.AddDays(1)).ShouldBe(s_t0);
    }

    [Fact]
    public void the_list_order_sorts_featured_then_published_newest_then_unpublished_then_created_newest()
    {
        string[] expected =
        [
            ProjectRules.ListOrder(true, null, s_t0),
            ProjectRules.ListOrder(false, new DateTimeOffset(9999, 12, 31, 0, 0, 0, TimeSpan.Zero), s_t0),
            ProjectRules.ListOrder(false, s_t0.AddDays(1), s_t0.AddDays(-3)),
            ProjectRules.ListOrder(false, s_t0, s_t0.AddDays(5)),
            ProjectRules.ListOrder(false, s_t0, s_t0.AddDays(4)),
            ProjectRules.ListOrder(false, new DateTimeOffset(1969, 1, 1, 0, 0, 0, TimeSpan.Zero), s_t0),
            ProjectRules.ListOrder(false, null, s_t0.AddDays(9)),
            ProjectRules.ListOrder(false, null, new DateTimeOffset(1960, 1, 1, 0, 0, 0, TimeSpan.Zero)),
        ];

        expected.OrderDescending(StringComparer.Ordinal).ShouldBe(expected);
        expected.ShouldAllBe(k => k.Length == 37 && k.All(char.IsAsciiDigit));
    }
}
