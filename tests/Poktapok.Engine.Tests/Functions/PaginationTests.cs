using System.Reflection;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Poktapok.Engine.Functions;
using Poktapok.Protocol.Values;

namespace Poktapok.Engine.Tests.Functions;

/// <summary>
/// Cursors, options and the paging rules, over in-memory lists (the SQL the same code produces is tested on
/// both providers by the server tests).
/// </summary>
public sealed class PaginationTests
{
    public sealed class Item
    {
        public Guid Id { get; set; }
        public int Rank { get; set; }
        public string Name { get; set; } = "";
    }

    private static readonly ValueMapper s_values = new(new Dictionary<Type, PropertyInfo?>());

    // Ten items; ranks 3 and 4 are shared by three items each, so ids decide their order.
    private static List<Item> Items() =>
        [.. new[] { 1, 2, 3, 3, 3, 4, 4, 4, 5, 6 }.Select((rank, i) => new Item { Id = Guid.NewGuid(), Rank = rank, Name = $"item-{i}" })];

    private static List<Item> Ordered(IEnumerable<Item> items) => [.. items.OrderBy(i => i.Rank).ThenBy(i => i.Id)];

    private static QueryContext<TestDb> Context(string? journal = null) =>
        new(new TestDb(new DbContextOptionsBuilder<TestDb>().UseSqlite("Data Source=:memory:").Options), new Caller(null, false),
            DateTimeOffset.UnixEpoch, new LogLines())
        {
            JournalIn = journal,
        };

    private static async Task<(PaginationResult<Item> Result, string? Journal)> PageAsync(List<Item> items, PaginationOptions options,
        string? journal = null, bool descending = false)
    {
        var ctx = Context(journal);
        var result = await items.AsQueryable().PaginateAsync(ctx, options, i => i.Rank, descending);
        return (result, ctx.JournalOut);
    }

    // ---------------------------------------------------------------- cursors

    public static TheoryData<object> Keys => new()
    {
        "text with \"quotes\", / and ünïcode",
        "",
        Guid.NewGuid(),
        new DateTimeOffset(2026, 11, 25, 17, 3, 7, TimeSpan.Zero).AddTicks(1234560),
        new DateTimeOffset(2026, 11, 25, 17, 3, 7, TimeSpan.FromHours(-6)),
        int.MinValue,
        long.MaxValue,
        0.1 + 0.2,
        double.NegativeInfinity,
        -123.45678901m,
    };

    [Theory]
    [MemberData(nameof(Keys))]
    public void a_cursor_is_url_safe_and_decodes_to_its_position(object key)
    {
        var method = typeof(PaginationTests).GetMethod(nameof(RoundTrip), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(key.GetType());
        method.Invoke(null, [key]);
    }

    private static void RoundTrip<TKey>(TKey key)
    {
        var id = Guid.NewGuid();

        var cursor = PaginationCursor.Encode(key, id);
        var position = PaginationCursor.Decode<TKey>(cursor);

        cursor.ShouldMatch("^[A-Za-z0-9_-]+$");
        position.IsEnd.ShouldBeFalse();
        position.Key.ShouldBe(key);
        position.Id.ShouldBe(id);
    }

    [Fact]
    public void the_end_cursor_decodes_as_the_end_for_any_key_type()
    {
        PaginationCursor.Decode<int>(PaginationCursor.End).IsEnd.ShouldBeTrue();
        PaginationCursor.Decode<string>(PaginationCursor.End).IsEnd.ShouldBeTrue();
        PaginationCursor.End.ShouldMatch("^[A-Za-z0-9_-]+$");
    }

    public static TheoryData<string> Malformed => new()
    {
        "",
        "not a cursor",
        "!!!!",
        "eyJ2IjoxfQ=",
        Base64Url("null"),
        Base64Url("[1,2]"),
        Base64Url("""{"v":1}"""),
        Base64Url("""{"v":2,"end":true}"""),
        Base64Url("""{"v":1,"end":false}"""),
        Base64Url("""{"v":"1","k":1,"i":"0195a3c4-0000-7000-8000-000000000000"}"""),
        Base64Url("""{"v":1,"k":1.5,"i":"0195a3c4-0000-7000-8000-000000000000"}"""),
        Base64Url("""{"v":1,"k":"1","i":"0195a3c4-0000-7000-8000-000000000000"}"""),
        Base64Url("""{"v":1,"k":null,"i":"0195a3c4-0000-7000-8000-000000000000"}"""),
        Base64Url("""{"v":1,"k":1,"i":"not-a-guid"}"""),
        Base64Url("""{"v":1,"k":1,"i":7}"""),
        Base64Url("""{"v":1,"k":1}"""),
        Base64Url("""{"v":1,"k":1,"i":"0195a3c4-0000-7000-8000-0000"""),
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void a_malformed_cursor_is_refused_as_invalid_cursor(string cursor)
    {
        var error = Should.Throw<ConvexError>(() => PaginationCursor.Decode<int>(cursor));

        error.Message.ShouldStartWith("InvalidCursor");
        ConvexJson.Serialize(s_values.ToConvex(error.Data), ConvexJsonFormat.Json)
            .ShouldBe("""{"isConvexSystemError":true,"paginationError":"InvalidCursor"}""");
    }

    [Fact]
    public void a_cursor_of_another_key_type_is_refused()
    {
        var byName = PaginationCursor.Encode("ada", Guid.NewGuid());

        Should.Throw<ConvexError>(() => PaginationCursor.Decode<DateTimeOffset>(byName)).Message.ShouldContain("InvalidCursor");
        Should.Throw<ConvexError>(() => PaginationCursor.Decode<int>(byName));
    }

    [Fact]
    public void a_journal_carries_its_end_cursor_and_anything_else_is_no_journal()
    {
        var cursor = PaginationCursor.Encode(3, Guid.NewGuid());

        PaginationCursor.EndCursorOf(PaginationCursor.Journal(cursor)).ShouldBe(cursor);
        PaginationCursor.EndCursorOf(null).ShouldBeNull();
        PaginationCursor.EndCursorOf("something else").ShouldBeNull();
    }

    // ---------------------------------------------------------------- options

    private static void Paginated(QueryContext<TestDb> ctx, PaginationOptions paginationOpts)
    {
    }

    private static PaginationOptions Bind(string args) =>
        (PaginationOptions)ArgumentBinder.For(typeof(PaginationTests).GetMethod(nameof(Paginated), BindingFlags.NonPublic | BindingFlags.Static)!, s_values)
            .Bind(ConvexJson.Parse(args))[0]!;

    [Fact]
    public void the_options_clients_send_bind()
    {
        Bind("""{"paginationOpts":{"cursor":null,"id":-1,"numItems":2}}""").ShouldBe(new PaginationOptions(2, Id: -1));
        Bind("""{"paginationOpts":{"cursor":"abc","endCursor":"def","id":4,"numItems":10,"maximumRowsRead":100,"maximumBytesRead":8000000}}""")
            .ShouldBe(new PaginationOptions(10, "abc", "def", 4, 100, 8_000_000));
        Bind("""{"paginationOpts":{"numItems":1000}}""").NumItems.ShouldBe(1000);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    public void a_page_size_out_of_range_is_a_content_error(string numItems)
    {
        var error = Should.Throw<ArgumentContentException>(() => Bind("""{"paginationOpts":{"cursor":null,"numItems":""" + numItems + "}}"));

        error.Fields.Select(f => f.Key).ShouldBe(["paginationOpts.numItems"]);
    }

    [Theory]
    [InlineData("""{"paginationOpts":{"cursor":null}}""")]
    [InlineData("""{"paginationOpts":{"cursor":null,"numItems":2.5}}""")]
    [InlineData("""{"paginationOpts":{"cursor":null,"numItems":2,"order":"desc"}}""")]
    [InlineData("""{"paginationOpts":{"cursor":7,"numItems":2}}""")]
    public void options_of_the_wrong_shape_are_refused(string args)
    {
        Should.Throw<ArgumentShapeException>(() => Bind(args));
    }

    [Fact]
    public async Task options_built_in_code_are_checked_too()
    {
        var error = await Should.ThrowAsync<ArgumentContentException>(() => PageAsync(Items(), new PaginationOptions(0)));

        error.Fields.Select(f => f.Key).ShouldBe(["paginationOpts.numItems"]);
    }

    // ---------------------------------------------------------------- paging

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(3, true)]
    [InlineData(10, false)]
    [InlineData(11, true)]
    public async Task pages_walk_every_item_once_in_order(int numItems, bool descending)
    {
        var items = Items();
        var expected = Ordered(items);
        if (descending)
        {
            expected.Reverse();
        }

        var seen = new List<Item>();
        string? cursor = null;
        PaginationResult<Item> page;
        do
        {
            (page, _) = await PageAsync(items, new PaginationOptions(numItems, cursor), descending: descending);
            page.Page.Count.ShouldBeLessThanOrEqualTo(numItems);
            seen.AddRange(page.Page);
            cursor = page.ContinueCursor;
        }
        while (!page.IsDone && seen.Count <= items.Count);

        seen.ShouldBe(expected);
        page.SplitCursor.HasValue.ShouldBeFalse();
        (await PageAsync(items, new PaginationOptions(numItems, cursor))).Result.ShouldSatisfyAllConditions(
            r => r.Page.ShouldBeEmpty(),
            r => r.IsDone.ShouldBeTrue(),
            r => r.ContinueCursor.ShouldBe(PaginationCursor.End));
    }

    [Fact]
    public async Task the_journal_keeps_a_page_ending_where_it_ended_as_items_come_and_go()
    {
        var items = Items();
        var (first, journal) = await PageAsync(items, new PaginationOptions(4));
        journal.ShouldBe(PaginationCursor.Journal(first.ContinueCursor));

        items.Add(new Item { Id = Guid.NewGuid(), Rank = 0 });
        items.Add(new Item { Id = Guid.NewGuid(), Rank = 2 });
        items.Remove(Ordered(items)[3]);
        var (rerun, again) = await PageAsync(items, new PaginationOptions(4), journal);
        var (next, _) = await PageAsync(items, new PaginationOptions(4, first.ContinueCursor));

        rerun.Page.ShouldBe(Ordered(items).Take(5));
        rerun.ContinueCursor.ShouldBe(first.ContinueCursor);
        rerun.IsDone.ShouldBeFalse();
        again.ShouldBe(journal);
        next.Page[0].ShouldBe(Ordered(items)[5], "the next page starts right after the journaled end");
    }

    [Fact]
    public async Task a_last_page_journals_the_end_and_keeps_growing()
    {
        var items = Items();
        var (all, journal) = await PageAsync(items, new PaginationOptions(20));
        all.IsDone.ShouldBeTrue();

        items.Add(new Item { Id = Guid.NewGuid(), Rank = 9 });
        var (rerun, _) = await PageAsync(items, new PaginationOptions(20), journal);

        rerun.Page.Count.ShouldBe(11);
        rerun.IsDone.ShouldBeTrue();
    }

    [Fact]
    public async Task the_end_cursor_given_wins_over_the_journal()
    {
        var items = Items();
        var (two, journal) = await PageAsync(items, new PaginationOptions(2));
        var (five, _) = await PageAsync(items, new PaginationOptions(5));

        var (page, written) = await PageAsync(items, new PaginationOptions(2, EndCursor: five.ContinueCursor), journal);

        page.Page.ShouldBe(Ordered(items).Take(5));
        written.ShouldBe(PaginationCursor.Journal(five.ContinueCursor));
        two.ContinueCursor.ShouldNotBe(five.ContinueCursor);
    }

    [Theory]
    [InlineData("not a journal")]
    [InlineData("page-end:garbage")]
    public async Task a_journal_that_cannot_be_read_is_ignored(string journal)
    {
        var (page, written) = await PageAsync(Items(), new PaginationOptions(3), journal);

        page.Page.Count.ShouldBe(3);
        written.ShouldBe(PaginationCursor.Journal(page.ContinueCursor));
    }

    [Fact]
    public async Task a_page_too_big_for_the_row_limit_is_cut_and_must_be_split()
    {
        var items = Items();

        var (page, _) = await PageAsync(items, new PaginationOptions(2, EndCursor: PaginationCursor.End, MaximumRowsRead: 4));
        var (rest, _) = await PageAsync(items, new PaginationOptions(2, page.SplitCursor.Value, PaginationCursor.End));

        page.Page.ShouldBe(Ordered(items).Take(4));
        page.PageStatus.Value.ShouldBe(Pagination.SplitRequired);
        page.IsDone.ShouldBeFalse();
        page.ContinueCursor.ShouldBe(PaginationCursor.End);
        rest.Page.ShouldBe(Ordered(items).Skip(4));
    }

    [Fact]
    public async Task only_one_paginated_query_runs_per_function()
    {
        var ctx = Context();
        await Items().AsQueryable().PaginateAsync(ctx, new PaginationOptions(2), i => i.Rank);

        var error = await Should.ThrowAsync<InvalidOperationException>(() =>
            Items().AsQueryable().PaginateAsync(ctx, new PaginationOptions(2), i => i.Name));

        error.Message.ShouldContain("MultiplePaginatedDatabaseQueries");
    }

    [Fact]
    public async Task an_unsupported_sort_key_is_refused()
    {
        await Should.ThrowAsync<NotSupportedException>(() =>
            Items().AsQueryable().PaginateAsync(Context(), new PaginationOptions(2), i => (int?)i.Rank));
    }

    private static string Base64Url(string json) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
