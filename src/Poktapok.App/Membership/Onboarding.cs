using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Poktapok.App.Access;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Functions;

namespace Poktapok.App.Membership;

/// <summary>
/// The onboarding flow (LEGACY.md §4.2, FUNCTIONS.md §3.8): <c>users:login</c> makes an <c>incomplete</c> account,
/// <c>users:updateMe</c> completes it, <c>applications:submit</c> is the only way to <c>pending</c> (A5), and a
/// review (<see cref="ApplicationReview"/>) settles it. An invite code redeemed on the way
/// (<c>invitations:redeem</c>) is recorded for the reviewers and changes no status (S20). What applying may do and
/// what it writes live here.
/// </summary>
public static class Onboarding
{
    /// <summary>The metadata key (application, else profile) that records who invited the account.</summary>
    public const string InvitedByKey = "invitedByUserId";

    /// <summary>The metadata key that records the invitation redeemed.</summary>
    public const string InvitationKey = "invitationId";

    /// <summary>The profile's social links an application sets: absent keys leave a link unchanged, null clears it.</summary>
    public sealed record Links(
        Optional<string?> GithubUsername,
        Optional<string?> TwitterUsername,
        Optional<string?> LinkedinUrl,
        Optional<string?> TelegramUsername);

    /// <summary>
    /// Refuses an application unless the account is <c>incomplete</c>: <c>FAILED_PRECONDITION
    /// APPLICATION_ALREADY_SUBMITTED</c> with <c>details.currentStatus</c> (a pending account cannot apply again; an
    /// active one never needs to).
    /// </summary>
    public static void CheckMayApply(User user)
    {
        if (user.AccountStatus != AccountStatus.Incomplete)
        {
            throw AppErrors.FailedPrecondition(Reasons.ApplicationAlreadySubmitted, "This account has applied already.",
                new { currentStatus = user.AccountStatus });
        }
    }

    /// <summary>
    /// Applies: adds <paramref name="application"/> (<c>pending</c>, carrying the inviter recorded on the profile
    /// by an earlier redeem), moves the account to <c>pending</c>, and writes <paramref name="links"/> to the
    /// profile, creating a minimal one (public, available) when there is none.
    /// </summary>
    public static async Task SubmitAsync(MutationContext ctx, User user, Application application, Links links, DateTimeOffset now)
    {
        var profile = await ProfileForAsync(ctx, user.Id, now);
        Set(links.GithubUsername, v => profile.GithubUsername = v);
        Set(links.TwitterUsername, v => profile.TwitterUsername = v);
        Set(links.LinkedinUrl, v => profile.LinkedinUrl = v);
        Set(links.TelegramUsername, v => profile.TelegramUsername = v);
        profile.UpdatedAt = now;

        application.UserId = user.Id;
        application.Status = ApplicationStatus.Pending;
        application.CreatedAt = now;
        application.UpdatedAt = now;
        if (profile.Metadata[InvitedByKey] is { } inviter)
        {
            application.Metadata = new JsonObject
            {
                [InvitedByKey] = inviter.DeepClone(),
                [InvitationKey] = profile.Metadata[InvitationKey]?.DeepClone(),
            };
        }

        ctx.Db.Applications.Add(application);
        user.AccountStatus = AccountStatus.Pending;
        user.UpdatedAt = now;
    }

    /// <summary>
    /// Records who invited <paramref name="user"/> where reviewers see it: on the account's pending application,
    /// or, before it applies, on its profile (created minimal if needed), from which <see cref="SubmitAsync"/>
    /// carries it to the application.
    /// </summary>
    public static async Task RecordInviterAsync(MutationContext ctx, User user, Invitation invitation, DateTimeOffset now)
    {
        var application = await ctx.Db.Applications.SingleOrDefaultAsync(a => a.UserId == user.Id && a.Status == ApplicationStatus.Pending);
        if (application is not null)
        {
            application.Metadata = WithInviter(application.Metadata, invitation);
            application.UpdatedAt = now;
            return;
        }

        var profile = await ProfileForAsync(ctx, user.Id, now);
        profile.Metadata = WithInviter(profile.Metadata, invitation);
        profile.UpdatedAt = now;
    }

    private static JsonObject WithInviter(JsonObject metadata, Invitation invitation)
    {
        var copy = (JsonObject)metadata.DeepClone();
        copy[InvitedByKey] = invitation.InviterUserId.ToString("D");
        copy[InvitationKey] = invitation.Id.ToString("D");
        return copy;
    }

    // The account's profile (a soft-deleted one included: the user id is unique), or a new minimal one.
    private static async Task<Profile> ProfileForAsync(MutationContext ctx, Guid userId, DateTimeOffset now)
    {
        var profile = await ctx.Db.Profiles.IgnoreQueryFilters().SingleOrDefaultAsync(p => p.UserId == userId);
        if (profile is null)
        {
            profile = new Profile
            {
                UserId = userId,
                ProfileVisibility = ProfileVisibility.Public,
                AvailabilityStatus = AvailabilityStatus.Available,
                CreatedAt = now,
                UpdatedAt = now,
            };
            ctx.Db.Profiles.Add(profile);
        }

        return profile;
    }

    private static void Set(Optional<string?> value, Action<string?> set)
    {
        if (value.HasValue)
        {
            set(value.Value);
        }
    }
}
