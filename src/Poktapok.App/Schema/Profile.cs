using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Data;
using static Poktapok.App.Schema.ModelBuilding;

namespace Poktapok.App.Schema;

/// <summary>A member's public profile (<c>profiles</c>, one per user).</summary>
public class Profile : ISoftDeletable, IValidatable
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public string? City { get; set; }
    public string? Country { get; set; }
    public string? CountryCode { get; set; }
    public string? GithubUsername { get; set; }
    public string? TwitterUsername { get; set; }
    public string? LinkedinUrl { get; set; }
    public string? TelegramUsername { get; set; }
    public List<LearningTrack>? LearningTracks { get; set; }
    public ProfileVisibility ProfileVisibility { get; set; } = ProfileVisibility.Public;
    public AvailabilityStatus AvailabilityStatus { get; set; } = AvailabilityStatus.Available;
    public int CompletedBounties { get; set; }
    public float TotalEarningsUsd { get; set; }
    public int ProfileViews { get; set; }
    public decimal TotalPulpaEarned { get; set; }
    public int ActivitiesCompleted { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? DeletedAt { get; set; }
    public JsonObject Metadata { get; set; } = [];

    public void Validate(Rules rules)
    {
        rules.Matches(nameof(CountryCode), CountryCode, Patterns.CountryCode(), "two letters");
        rules.AtLeast(nameof(CompletedBounties), CompletedBounties, 0);
        rules.AtLeast(nameof(TotalEarningsUsd), TotalEarningsUsd, 0f);
        rules.AtLeast(nameof(ProfileViews), ProfileViews, 0);
        rules.AtLeast(nameof(TotalPulpaEarned), TotalPulpaEarned, 0m);
        rules.AtLeast(nameof(ActivitiesCompleted), ActivitiesCompleted, 0);
    }

    internal static void Configure(EntityTypeBuilder<Profile> b, SqlDialect d)
    {
        b.ToTable("profiles");
        b.Property(p => p.City).HasMaxLength(100);
        b.Property(p => p.Country).HasMaxLength(100);
        b.Property(p => p.CountryCode).HasMaxLength(2);
        b.Property(p => p.GithubUsername).HasMaxLength(100);
        b.Property(p => p.TwitterUsername).HasMaxLength(100);
        b.Property(p => p.LinkedinUrl).HasMaxLength(500);
        b.Property(p => p.TelegramUsername).HasMaxLength(100);
        b.Property(p => p.ProfileVisibility).HasDefaultValue(ProfileVisibility.Public);
        b.Property(p => p.AvailabilityStatus).HasDefaultValue(AvailabilityStatus.Available);
        b.Property(p => p.CompletedBounties).HasDefaultValue(0);
        b.Property(p => p.TotalEarningsUsd).HasDefaultValue(0f);
        b.Property(p => p.ProfileViews).HasDefaultValue(0);
        b.Property(p => p.TotalPulpaEarned).HasPrecision(18, 8).HasDefaultValue(0m);
        b.Property(p => p.ActivitiesCompleted).HasDefaultValue(0);

        b.HasOne<User>().WithMany().HasForeignKey(p => p.UserId)
            .HasConstraintName("profiles_user_fk").OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(p => p.UserId).IsUnique().HasDatabaseName("profiles_user_id_unique");
        b.HasIndex(p => p.CountryCode).HasDatabaseName("idx_profiles_country_code");
        b.HasIndex(p => new { p.ProfileVisibility, p.AvailabilityStatus }).HasDatabaseName("idx_profiles_visibility_availability");
        b.HasIndex(p => p.DeletedAt).HasDatabaseName("idx_profiles_deleted_at").HasFilter($"{Q("deleted_at")} IS NULL");
        b.HasIndex(p => p.CompletedBounties).HasDatabaseName("idx_profiles_completed_bounties");
        b.HasIndex(p => p.TotalEarningsUsd).HasDatabaseName("idx_profiles_total_earnings");
        b.HasIndex(p => p.TotalPulpaEarned).HasDatabaseName("idx_profiles_pulpa_earned");
        b.HasIndex(p => p.ActivitiesCompleted).HasDatabaseName("idx_profiles_activities_completed");
        b.HasIndex(p => p.CreatedAt).HasDatabaseName("idx_profiles_created_at");
        // The directory's order (public profiles, newest first, id as the tie-break): pages read in index order and
        // stop at the page's end instead of sorting every public profile.
        b.HasIndex(p => new { p.ProfileVisibility, p.CreatedAt, p.Id }).HasDatabaseName("idx_profiles_directory");

        b.CheckWhenPresent("country_code_format", "country_code", d.OnlyChars("country_code", "A-Za-z", 2, 2));
        b.Check("completed_bounties_positive", $"{Q("completed_bounties")} >= 0");
        b.Check("total_earnings_positive", $"{Q("total_earnings_usd")} >= 0");
        b.Check("profile_views_positive", $"{Q("profile_views")} >= 0");
        b.Check("pulpa_earned_positive", $"{Q("total_pulpa_earned")} >= 0");
        b.Check("activities_completed_positive", $"{Q("activities_completed")} >= 0");
    }
}
