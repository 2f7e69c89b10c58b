using System.Globalization;
using Poktapok.App.Schema.Enums;

namespace Poktapok.App.Schema;

/// <summary>
/// The project rules that do not need the database (FUNCTIONS.md §3.3), in one place: the field limits, when a
/// project counts as published (fix C8), and the order project lists use.
/// </summary>
public static class ProjectRules
{
    public const int TitleMin = 5;
    public const int TitleMax = 100;
    public const int DescriptionMin = 20;
    public const int DescriptionMax = 280;
    public const int UrlMax = 500;

    /// <summary>At most this many image URLs per project (JSON and uploads alike, so imported rows stay valid).</summary>
    public const int MaxImages = 5;

    /// <summary>A project has 1 to this many distinct skills.</summary>
    public const int MaxSkills = 10;

    // Microseconds from 0001-01-01 to any instant up to 9999-12-31 fit in 18 digits, and are never negative.
    private const string NeverPublished = "000000000000000000";

    /// <summary>
    /// <c>publishedAt</c> after a status change: set to <paramref name="now"/> the first time the status is other
    /// than <c>draft</c>, and never changed again (a project moved back to draft keeps it). Legacy set it only on
    /// create and never when a draft was published later (C8).
    /// </summary>
    public static DateTimeOffset? PublishedAt(DateTimeOffset? publishedAt, ProjectStatus status, DateTimeOffset now) =>
        publishedAt ?? (status == ProjectStatus.Draft ? null : now);

    /// <summary>
    /// The key project lists sort by, descending: <c>featured</c> first, then <c>publishedAt</c> newest first with
    /// never-published projects last, then <c>createdAt</c> newest first (the id breaks the remaining ties).
    /// Pagination sorts by one column, so the three are packed into one fixed-width string of digits:
    /// <c>featured</c> (1 digit) + microseconds since 0001-01-01 of <c>publishedAt</c> (18, zeros when null) and
    /// of <c>createdAt</c> (18).
    /// </summary>
    public static string ListOrder(bool featured, DateTimeOffset? publishedAt, DateTimeOffset createdAt) =>
        string.Concat(
            featured ? "1" : "0",
            publishedAt is { } published ? Micros(published) : NeverPublished,
            Micros(createdAt));

    /// <summary>
    /// The SQL that sets <c>list_order</c> of every row from its columns as <see cref="ListOrder"/> does: used by the
    /// migration that added the column, for rows written before it (instants are Unix microseconds on SQLite).
    /// </summary>
    public static string ListOrderBackfillSql(bool postgres) => postgres
        ? """
          UPDATE "projects" SET "list_order" = (CASE WHEN "featured" THEN '1' ELSE '0' END)
            || COALESCE(lpad(((extract(epoch from "published_at") * 1000000)::bigint + 62135596800000000)::text, 18, '0'), '000000000000000000')
            || lpad(((extract(epoch from "created_at") * 1000000)::bigint + 62135596800000000)::text, 18, '0')
          """
        : """
          UPDATE "projects" SET "list_order" = (CASE WHEN "featured" THEN '1' ELSE '0' END)
            || printf('%018d', COALESCE("published_at" + 62135596800000000, 0))
            || printf('%018d', "created_at" + 62135596800000000)
          """;

    private static string Micros(DateTimeOffset instant) =>
        (instant.UtcTicks / TimeSpan.TicksPerMicrosecond).ToString("D18", CultureInfo.InvariantCulture);
}
