using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Poktapok.App.Access;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Functions;
using static Poktapok.App.Functions.Users;

namespace Poktapok.App.Functions;

/// <summary>
/// Member profiles (FUNCTIONS.md §3.2): one's own profile, a profile by username with its details shown per
/// <see cref="ProfileVisibilityRule"/>, and the public directory. The directory and its countries list only
/// <c>public</c> profiles of active accounts that are not closed.
/// </summary>
public static partial class Profiles
{
    /// <summary>The largest page the directory serves; a larger <c>numItems</c> is served as this many.</summary>
    public const int MaxPageSize = 100;

    // ---------------------------------------------------------------- arguments and results

    /// <summary>
    /// Social links for <see cref="UpsertMine"/>: each key given sets its column (null or <c>""</c> clears it),
    /// an absent key keeps it.
    /// </summary>
    public sealed record SocialLinks(
        Optional<string?> Github = default,
        Optional<string?> Twitter = default,
        Optional<string?> Linkedin = default,
        Optional<string?> Telegram = default);

    /// <summary>The arguments of <see cref="UpsertMine"/>.</summary>
    public sealed record UpsertMineArgs(
        string City,
        string Country,
        string CountryCode,
        List<LearningTrack> LearningTracks,
        AvailabilityStatus AvailabilityStatus,
        ProfileVisibility? ProfileVisibility = null,
        SocialLinks? SocialLinks = null);

    /// <summary>The result of <see cref="UpsertMine"/>.</summary>
    public sealed record ProfileResult(Profile Profile);

    /// <summary>
    /// A profile as <see cref="GetByUsername"/> shows it: the basic fields always; location, learning tracks and
    /// availability, social links and stats null unless the viewer sees the details.
    /// </summary>
    public sealed record ProfileView(
        [IdOf("profiles")] Guid _id,
        Guid UserId,
        string? Username,
        string? DisplayName,
        string? Bio,
        string? AvatarUrl,
        DateTimeOffset CreatedAt,
        ProfileVisibility ProfileVisibility,
        string? City,
        string? Country,
        string? CountryCode,
        List<LearningTrack>? LearningTracks,
        AvailabilityStatus? AvailabilityStatus,
        string? GithubUsername,
        string? TwitterUsername,
        string? LinkedinUrl,
        string? TelegramUsername,
        int? CompletedBounties,
        float? TotalEarningsUsd,
        decimal? TotalPulpaEarned,
        int? ActivitiesCompleted);

    /// <summary>What the viewer may see of a profile (one rule, so the three <c>canView*</c> agree).</summary>
    public sealed record ProfileMeta(bool IsOwner, bool CanViewSocials, bool CanViewLocation, bool CanViewLearningTracks, bool IsPrivate);

    /// <summary>The result of <see cref="GetByUsername"/>: <c>{profile, meta}</c>.</summary>
    public sealed record ProfilePage(ProfileView Profile, ProfileMeta Meta);

    /// <summary>The arguments of <see cref="Directory"/>.</summary>
    public sealed record DirectoryArgs(
        PaginationOptions PaginationOpts,
        string? Search = null,
        LearningTrack? Track = null,
        AvailabilityStatus? Availability = null,
        [MaxLength(100)] string? Country = null,
        List<Guid>? SkillIds = null);

    /// <summary>A directory entry: a public profile with its user's card fields.</summary>
    public sealed record DirectoryEntry(
        [IdOf("profiles")] Guid _id,
        Guid UserId,
        string? Username,
        string? DisplayName,
        string? Bio,
        string? AvatarUrl,
        string? City,
        string? Country,
        string? CountryCode,
        List<LearningTrack>? LearningTracks,
        AvailabilityStatus AvailabilityStatus,
        int CompletedBounties,
        float TotalEarningsUsd,
        decimal TotalPulpaEarned,
        string? GithubUsername,
        string? TwitterUsername,
        string? LinkedinUrl,
        string? TelegramUsername,
        DateTimeOffset CreatedAt);

    /// <summary>One country of the directory and how many listed profiles are in it.</summary>
    public sealed record CountryCount(string Country, string CountryCode, int Count);

    /// <summary>The result of <see cref="DirectoryCountries"/>.</summary>
    public sealed record CountryList(List<CountryCount> Countries);

    // ---------------------------------------------------------------- functions

    /// <summary>The caller's profile (signedIn; suspended accounts too), or null when they have none.</summary>
    [Query]
    public static async Task<Profile?> GetMine(QueryContext ctx)
    {
        var me = await Require.SignedInAsync(ctx);
        return await ctx.Db.Profiles.SingleOrDefaultAsync(p => p.UserId == me.Id);
    }

    /// <summary>
    /// Creates or changes the caller's profile (signedIn) and returns <c>{profile}</c>. Refuses with
    /// <c>INVALID_ARGUMENT</c> (every broken field at once) a city outside 1..100 or a country outside 2..100
    /// characters (trimmed), a country code that is not two capital letters, not 1..3 distinct learning tracks,
    /// and social links that break their formats: GitHub <c>^[A-Za-z0-9](-?[A-Za-z0-9])*$</c>, Twitter and Telegram
    /// <c>^@?[A-Za-z0-9_]+$</c> (stored without the <c>@</c>), LinkedIn a handle <c>^[A-Za-z0-9-]+$</c> (stored as
    /// <c>https://linkedin.com/in/&lt;handle&gt;</c>) or an http(s) URL, each ≤ 100 (URL ≤ 500). Social links are
    /// stored (fix C5) and only the keys given change; <c>profileVisibility</c> is <c>public</c> on a new profile
    /// and otherwise changes only when given. Counters and stats are never touched (C36).
    /// </summary>
    [Mutation]
    public static async Task<ProfileResult> UpsertMine(MutationContext ctx, UpsertMineArgs args)
    {
        var me = await Require.SignedInAsync(ctx);
        var errors = new FieldErrors();
        var city = CheckLength(errors, "city", args.City, 1, 100);
        var country = CheckLength(errors, "country", args.Country, 2, 100);
        var countryCode = args.CountryCode.Trim();
        if (!CountryCodeFormat().IsMatch(countryCode))
        {
            errors.Add("countryCode", "must be two capital letters (ISO 3166-1 alpha-2)");
        }

        if (args.LearningTracks.Count is 0 or > 3 || args.LearningTracks.Distinct().Count() != args.LearningTracks.Count)
        {
            errors.Add("learningTracks", "must be 1 to 3 distinct tracks");
        }

        var links = args.SocialLinks ?? new SocialLinks();
        var github = Social(errors, "socialLinks.github", links.Github, GithubFormat(), strip: false);
        var twitter = Social(errors, "socialLinks.twitter", links.Twitter, HandleFormat(), strip: true);
        var telegram = Social(errors, "socialLinks.telegram", links.Telegram, HandleFormat(), strip: true);
        var linkedin = Linkedin(errors, links.Linkedin);
        errors.ThrowIfAny();

        var now = Instant(ctx.Now);
        // A soft-deleted profile (none is, in practice) is changed rather than duplicated: user_id is unique.
        var profile = await ctx.Db.Profiles.IgnoreQueryFilters().SingleOrDefaultAsync(p => p.UserId == me.Id);
        if (profile is null)
        {
            profile = new Profile { UserId = me.Id, ProfileVisibility = ProfileVisibility.Public, CreatedAt = now, UpdatedAt = now };
            ctx.Db.Profiles.Add(profile);
        }

        profile.City = city;
        profile.Country = country;
        profile.CountryCode = countryCode;
        profile.LearningTracks = [.. args.LearningTracks];
        profile.AvailabilityStatus = args.AvailabilityStatus;
        profile.ProfileVisibility = args.ProfileVisibility ?? profile.ProfileVisibility;
        profile.GithubUsername = github.Or(profile.GithubUsername);
        profile.TwitterUsername = twitter.Or(profile.TwitterUsername);
        profile.TelegramUsername = telegram.Or(profile.TelegramUsername);
        profile.LinkedinUrl = linkedin.Or(profile.LinkedinUrl);
        return new ProfileResult(profile);
    }

    /// <summary>
    /// A member's profile by username (public*; case-insensitive, ≤ 50): <c>NOT_FOUND</c> unless the account is
    /// active and not closed and has a profile. Details per <see cref="ProfileVisibilityRule"/> (owner and admins
    /// see all; <c>members</c> profiles show them to signed-in active members, fix C31). Reads the caller only for
    /// a profile that is not <c>public</c>. Counts no views.
    /// </summary>
    [Query]
    public static async Task<ProfilePage> GetByUsername(QueryContext ctx, [MaxLength(50)] string username)
    {
        var name = username.Trim().ToLowerInvariant();
        var found = await (
                from account in ctx.Db.Users
                where account.Username != null && account.Username.ToLower() == name && account.AccountStatus == AccountStatus.Active
                join profile in ctx.Db.Profiles on account.Id equals profile.UserId
                select new { account, profile })
            .FirstOrDefaultAsync() ?? throw AppErrors.NotFound("No such profile.");

        var (user, p) = (found.account, found.profile);
        var viewer = ProfileVisibilityRule.Viewer.Anonymous;
        if (p.ProfileVisibility != ProfileVisibility.Public || ctx.Auth is not null)
        {
            viewer = ProfileVisibilityRule.Of(await ReaderAsync(ctx), user.Id, ctx.Caller is { IsAdmin: true, Identity: null });
        }

        var all = ProfileVisibilityRule.SeesDetails(p.ProfileVisibility, viewer);
        var view = new ProfileView(p.Id, user.Id, user.Username, user.DisplayName, user.Bio, user.AvatarUrl, user.CreatedAt, p.ProfileVisibility,
            all ? p.City : null, all ? p.Country : null, all ? p.CountryCode : null,
            all ? p.LearningTracks : null, all ? p.AvailabilityStatus : null,
            all ? p.GithubUsername : null, all ? p.TwitterUsername : null, all ? p.LinkedinUrl : null, all ? p.TelegramUsername : null,
            all ? p.CompletedBounties : null, all ? p.TotalEarningsUsd : null, all ? p.TotalPulpaEarned : null, all ? p.ActivitiesCompleted : null);
        return new ProfilePage(view, new ProfileMeta(viewer == ProfileVisibilityRule.Viewer.Owner, all, all, all,
            p.ProfileVisibility == ProfileVisibility.Private));
    }

    /// <summary>
    /// The member directory, a page at a time (public): <c>public</c> profiles of active accounts that are not
    /// closed, newest profile first. <c>search</c> (2..100 after trimming) is a case-insensitive substring of the
    /// username, display name or bio; <c>track</c> a learning track the profile has; <c>availability</c>;
    /// <c>country</c> the country name exactly; <c>skillIds</c> (≤ 10) profiles whose user has any of them (OR, as
    /// legacy). Totals are not returned (use <c>stats</c>). Does not read the caller.
    /// </summary>
    [Query]
    public static async Task<PaginationResult<DirectoryEntry>> Directory(QueryContext ctx, DirectoryArgs args)
    {
        var errors = new FieldErrors();
        var search = FieldErrors.Clean(args.Search)?.ToLowerInvariant();
        if (search is { Length: < 2 or > 100 })
        {
            errors.Add("search", "must be 2 to 100 characters");
        }

        if (args.SkillIds is { Count: > 10 })
        {
            errors.Add("skillIds", "must have at most 10 skills");
        }

        errors.ThrowIfAny();

        var profiles = Listed(ctx);
        if (search is not null)
        {
            profiles = profiles.Where(p => ctx.Db.Users.Any(u => u.Id == p.UserId
                && ((u.Username != null && u.Username.ToLower().Contains(search))
                    || (u.DisplayName != null && u.DisplayName.ToLower().Contains(search))
                    || (u.Bio != null && u.Bio.ToLower().Contains(search)))));
        }

        if (args.Track is { } track)
        {
            profiles = profiles.Where(p => p.LearningTracks != null && p.LearningTracks.Contains(track));
        }

        if (args.Availability is { } availability)
        {
            profiles = profiles.Where(p => p.AvailabilityStatus == availability);
        }

        if (FieldErrors.Clean(args.Country) is { } country)
        {
            profiles = profiles.Where(p => p.Country == country);
        }

        if (args.SkillIds is { Count: > 0 } skillIds)
        {
            profiles = profiles.Where(p => ctx.Db.UserSkills.Any(s => s.UserId == p.UserId && skillIds.Contains(s.SkillId)));
        }

        var options = args.PaginationOpts.NumItems > MaxPageSize ? args.PaginationOpts with { NumItems = MaxPageSize } : args.PaginationOpts;
        var page = await profiles.PaginateAsync(ctx, options, p => p.CreatedAt, descending: true);
        var userIds = page.Page.Select(p => p.UserId).ToList();
        var users = await ctx.Db.Users.Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id);
        return page.Map(p =>
        {
            var u = users[p.UserId];
            return new DirectoryEntry(p.Id, u.Id, u.Username, u.DisplayName, u.Bio, u.AvatarUrl, p.City, p.Country, p.CountryCode,
                p.LearningTracks, p.AvailabilityStatus, p.CompletedBounties, p.TotalEarningsUsd, p.TotalPulpaEarned, p.GithubUsername,
                p.TwitterUsername, p.LinkedinUrl, p.TelegramUsername, p.CreatedAt);
        });
    }

    /// <summary>
    /// The countries of the directory's profiles (public; those with a country and code), by name, with how many
    /// profiles each has; at most <c>limit</c> (1..300, default 300).
    /// </summary>
    [Query]
    public static async Task<CountryList> DirectoryCountries(QueryContext ctx, [Range(1, 300)] int limit = 300)
    {
        var countries = await Listed(ctx)
            .Where(p => p.Country != null && p.CountryCode != null)
            .GroupBy(p => new { p.Country, p.CountryCode })
            .Select(g => new { g.Key.Country, g.Key.CountryCode, Count = g.Count() })
            .OrderBy(c => c.Country).ThenBy(c => c.CountryCode)
            .Take(limit)
            .ToListAsync();
        return new CountryList([.. countries.Select(c => new CountryCount(c.Country!, c.CountryCode!, c.Count))]);
    }

    // ---------------------------------------------------------------- rules

    // The directory's profiles: public, not deleted (the query filter), of active accounts that are not closed.
    private static IQueryable<Profile> Listed(QueryContext ctx) =>
        ctx.Db.Profiles.Where(p => p.ProfileVisibility == ProfileVisibility.Public
                                   && ctx.Db.Users.Any(u => u.Id == p.UserId && u.AccountStatus == AccountStatus.Active));

    // The caller as a reader of profiles: closed, banned and suspended accounts are served as anonymous (§2).
    private static Task<User?> ReaderAsync(QueryContext ctx) => Require.ViewerOrNullAsync(ctx);

    [GeneratedRegex("^[A-Z]{2}$")]
    private static partial Regex CountryCodeFormat();

    [GeneratedRegex("^[A-Za-z0-9](-?[A-Za-z0-9])*$")]
    private static partial Regex GithubFormat();

    [GeneratedRegex("^@?[A-Za-z0-9_]+$")]
    private static partial Regex HandleFormat();

    [GeneratedRegex("^[A-Za-z0-9-]+$")]
    private static partial Regex LinkedinHandleFormat();

    private static string CheckLength(FieldErrors errors, string field, string value, int min, int max)
    {
        var text = value.Trim();
        if (text.Length < min || text.Length > max)
        {
            errors.Add(field, $"must be {min} to {max} characters");
        }

        return text;
    }

    // A handle: absent stays absent, null/"" clears, else checked (≤ 100, the format) and stored without '@'.
    private static Optional<string?> Social(FieldErrors errors, string field, Optional<string?> value, Regex format, bool strip)
    {
        if (!value.HasValue)
        {
            return default;
        }

        var text = FieldErrors.Clean(value.Value);
        if (text is null)
        {
            return new Optional<string?>(null);
        }

        if (text.Length > 100 || !format.IsMatch(text))
        {
            errors.Add(field, "is not a valid handle");
        }

        return strip ? text.TrimStart('@') : text;
    }

    private static Optional<string?> Linkedin(FieldErrors errors, Optional<string?> value)
    {
        if (!value.HasValue)
        {
            return default;
        }

        var text = FieldErrors.Clean(value.Value);
        if (text is null)
        {
            return new Optional<string?>(null);
        }

        if (text.Length <= 100 && LinkedinHandleFormat().IsMatch(text))
        {
            return "https://linkedin.com/in/" + text;
        }

        var isUrl = text.Length <= 500 && Uri.TryCreate(text, UriKind.Absolute, out var uri)
                    && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && uri.Host.Length > 0;
        if (!isUrl)
        {
            errors.Add("socialLinks.linkedin", "must be a LinkedIn handle or an http(s) URL");
        }

        return text;
    }
}
