using Microsoft.EntityFrameworkCore;
using Poktapok.App.Data;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.App.Schema.Values;
using Poktapok.Engine.Data;

namespace Poktapok.Legacy;

/// <summary>
/// The 18 legacy tables in dependency order (every table after the tables it references), each with its mapping
/// to the model (LEGACY.md §1.3 → <c>src/Poktapok.App/Schema</c>). Columns keep their meaning; what changes is
/// the representation: closed sets for enums and soft enums, typed JSON values, UTC instants, exact decimals.
/// A NULL in a column the model requires (possible only in the script variant) takes the model's default.
/// </summary>
public static class LegacyTables
{
    /// <summary>The <c>--fix</c> policy that normalises event types ("In_Person", "online" → in-person, virtual).</summary>
    public const string FixEventType = "event-type";

    /// <summary>The <c>--fix</c> policy that leaves out program_activities rows whose activity does not exist.</summary>
    public const string FixDanglingProgramActivity = "dangling-program-activity";

    /// <summary>Every known <c>--fix</c> policy.</summary>
    public static IReadOnlyList<string> FixPolicies { get; } = [FixEventType, FixDanglingProgramActivity];

    public static LegacyTable<User> Users { get; } = new()
    {
        Name = "users",
        Id = u => u.Id,
        Mapper = r => new User
        {
            Id = r.Id("id"),
            PrivyDid = r.Text("privy_did"),
            Email = r.TextOrNull("email"),
            Username = r.TextOrNull("username"),
            DisplayName = r.TextOrNull("display_name"),
            Bio = r.TextOrNull("bio"),
            AvatarUrl = r.TextOrNull("avatar_url"),
            ExtWallet = r.TextOrNull("ext_wallet"),
            AppWallet = r.TextOrNull("app_wallet"),
            PrimaryAuthMethod = r.Enum("primary_auth_method", nameof(User.PrimaryAuthMethod), AuthMethod.Email),
            Role = r.Enum("role", nameof(User.Role), UserRole.Member),
            AccountStatus = r.Enum("account_status", nameof(User.AccountStatus), AccountStatus.Pending),
            CreatedAt = r.Instant("created_at"),
            UpdatedAt = r.Instant("updated_at"),
            LastLoginAt = r.Instant("last_login_at"),
            DeletedAt = r.InstantOrNull("deleted_at"),
            PrivyMetadata = r.JsonObject("privy_metadata", nameof(User.PrivyMetadata)),
            Metadata = r.JsonObject("metadata", nameof(User.Metadata)),
        },
    };

    public static LegacyTable<Profile> Profiles { get; } = new()
    {
        Name = "profiles",
        Id = p => p.Id,
        Mapper = r => new Profile
        {
            Id = r.Id("id"),
            UserId = r.Id("user_id"),
            City = r.TextOrNull("city"),
            Country = r.TextOrNull("country"),
            CountryCode = r.TextOrNull("country_code"),
            // Before migration 0003 these were github_url/twitter_url/telegram_handle.
            GithubUsername = r.TextOrNull("github_username") ?? r.TextOrNull("github_url"),
            TwitterUsername = r.TextOrNull("twitter_username") ?? r.TextOrNull("twitter_url"),
            LinkedinUrl = r.TextOrNull("linkedin_url"),
            TelegramUsername = r.TextOrNull("telegram_username") ?? r.TextOrNull("telegram_handle"),
            LearningTracks = r.EnumList<LearningTrack>("learning_tracks", nameof(Profile.LearningTracks)),
            ProfileVisibility = r.Enum("profile_visibility", nameof(Profile.ProfileVisibility), ProfileVisibility.Public),
            AvailabilityStatus = r.Enum("availability_status", nameof(Profile.AvailabilityStatus), AvailabilityStatus.Available),
            CompletedBounties = r.Int("completed_bounties", 0),
            TotalEarningsUsd = r.Real("total_earnings_usd", 0f),
            ProfileViews = r.Int("profile_views", 0),
            TotalPulpaEarned = r.Decimal("total_pulpa_earned"),
            ActivitiesCompleted = r.Int("activities_completed", 0),
            CreatedAt = r.Instant("created_at"),
            UpdatedAt = r.Instant("updated_at"),
            DeletedAt = r.InstantOrNull("deleted_at"),
            Metadata = r.JsonObject("metadata", nameof(Profile.Metadata)),
        },
    };

    public static LegacyTable<TrainingProgram> Programs { get; } = new()
    {
        Name = "programs",
        Id = p => p.Id,
        BeforeWrite = ReplaceSeedProgramsAsync,
        Mapper = r => new TrainingProgram
        {
            Id = r.Id("id"),
            Name = r.Text("name"),
            Description = r.Text("description"),
            ProgramType = r.Enum("program_type", nameof(TrainingProgram.ProgramType), ProgramType.Cohort),
            StartDate = r.InstantOrNull("start_date"),
            EndDate = r.InstantOrNull("end_date"),
            IsActive = r.Bool("is_active", true),
            CreatedAt = r.Instant("created_at"),
            UpdatedAt = r.Instant("updated_at"),
            Metadata = r.JsonObject("metadata", nameof(TrainingProgram.Metadata)),
        },
    };

    public static LegacyTable<Application> Applications { get; } = new()
    {
        Name = "applications",
        Id = a => a.Id,
        Mapper = r => new Application
        {
            Id = r.Id("id"),
            UserId = r.Id("user_id"),
            MotivationText = r.Text("motivation_text"),
            ProgramId = r.IdOrNull("program_id"),
            Goal = r.TextOrNull("goal"),
            GithubUsername = r.TextOrNull("github_username"),
            TwitterUsername = r.TextOrNull("twitter_username"),
            Status = r.Enum("status", nameof(Application.Status), ApplicationStatus.Pending),
            ReviewedByUserId = r.IdOrNull("reviewed_by_user_id"),
            ReviewedAt = r.InstantOrNull("reviewed_at"),
            ReviewNotes = r.TextOrNull("review_notes"),
            CreatedAt = r.Instant("created_at"),
            UpdatedAt = r.Instant("updated_at"),
            Metadata = r.JsonObject("metadata", nameof(Application.Metadata)),
        },
    };

    public static LegacyTable<Invitation> Invitations { get; } = new()
    {
        Name = "invitations",
        Id = i => i.Id,
        Mapper = r => new Invitation
        {
            Id = r.Id("id"),
            InviterUserId = r.Id("inviter_user_id"),
            RedeemerUserId = r.IdOrNull("redeemer_user_id"),
            InviteCode = r.Text("invite_code"),
            RedeemedAt = r.InstantOrNull("redeemed_at"),
            ExpiresAt = r.Instant("expires_at"),
            Status = r.Enum("status", nameof(Invitation.Status), InvitationStatus.Pending),
            CreatedAt = r.Instant("created_at"),
            UpdatedAt = r.Instant("updated_at"),
            Metadata = r.JsonObject("metadata", nameof(Invitation.Metadata)),
        },
    };

    public static LegacyTable<Project> Projects { get; } = new()
    {
        Name = "projects",
        Id = p => p.Id,
        Mapper = r => new Project
        {
            Id = r.Id("id"),
            UserId = r.Id("user_id"),
            Title = r.Text("title"),
            Description = r.Text("description"),
            LiveUrl = r.TextOrNull("live_url"),
            RepositoryUrl = r.TextOrNull("repository_url"),
            VideoUrl = r.TextOrNull("video_url"),
            LogoUrl = r.TextOrNull("logo_url"),
            ImageUrls = r.TextList("image_urls"),
            ProjectType = r.Enum("project_type", nameof(Project.ProjectType), ProjectType.Personal),
            ProjectStatus = r.Enum("project_status", nameof(Project.ProjectStatus), ProjectStatus.Draft),
            DisplayOrder = r.Int("display_order", 0),
            Featured = r.Bool("featured", false),
            ViewCount = r.Int("view_count", 0),
            CreatedAt = r.Instant("created_at"),
            UpdatedAt = r.Instant("updated_at"),
            PublishedAt = r.InstantOrNull("published_at"),
            DeletedAt = r.InstantOrNull("deleted_at"),
            Metadata = r.JsonObject("metadata", nameof(Project.Metadata)),
        },
    };

    public static LegacyTable<Skill> Skills { get; } = new()
    {
        Name = "skills",
        Id = s => s.Id,
        BeforeWrite = ReplaceSeedSkillsAsync,
        Mapper = r => new Skill
        {
            Id = r.Id("id"),
            Name = r.Text("name"),
            Slug = r.Text("slug"),
            Category = r.Enum("category", nameof(Skill.Category), SkillCategory.Other),
            Description = r.TextOrNull("description"),
            IconUrl = r.TextOrNull("icon_url"),
            UsageCount = r.Int("usage_count", 0),
            CreatedAt = r.Instant("created_at"),
            UpdatedAt = r.Instant("updated_at"),
        },
    };

    public static LegacyTable<UserSkill> UserSkills { get; } = new()
    {
        Name = "user_skills",
        Id = s => s.Id,
        Mapper = r => new UserSkill
        {
            Id = r.Id("id"),
            UserId = r.Id("user_id"),
            SkillId = r.Id("skill_id"),
            ProficiencyLevel = r.Enum("proficiency_level", nameof(UserSkill.ProficiencyLevel), ProficiencyLevel.Intermediate),
            ProjectCount = r.Int("project_count", 0),
            CreatedAt = r.Instant("created_at"),
        },
    };

    /// <summary>The id a <c>project_skills</c> pair gets: name-based, so every import gives it the same one.</summary>
    public static Guid ProjectSkillId(Guid projectId, Guid skillId) =>
        DeterministicGuid.Create($"project_skills/{projectId:D}/{skillId:D}");

    public static LegacyTable<ProjectSkill> ProjectSkills { get; } = new()
    {
        Name = "project_skills",
        KeyColumns = ["project_id", "skill_id"],
        Id = s => s.Id,
        Key = r => ProjectSkillId(r.Id("project_id"), r.Id("skill_id")),
        Mapper = r => new ProjectSkill
        {
            Id = ProjectSkillId(r.Id("project_id"), r.Id("skill_id")),
            ProjectId = r.Id("project_id"),
            SkillId = r.Id("skill_id"),
            CreatedAt = r.Instant("created_at"),
        },
    };

    public static LegacyTable<Activity> Activities { get; } = new()
    {
        Name = "activities",
        Id = a => a.Id,
        Mapper = r => new Activity
        {
            Id = r.Id("id"),
            Title = r.Text("title"),
            Description = r.Text("description"),
            Instructions = r.TextOrNull("instructions"),
            ActivityType = r.Enum("activity_type", nameof(Activity.ActivityType), ActivityType.Custom),
            Category = r.TextOrNull("category"),
            Difficulty = r.Enum("difficulty", nameof(Activity.Difficulty), Difficulty.Beginner),
            RewardPulpaAmount = r.Decimal("reward_pulpa_amount"),
            EvidenceRequirements = r.Json<EvidenceRequirements>("evidence_requirements", nameof(Activity.EvidenceRequirements))
                ?? EvidenceRequirements.None,
            VerificationType = r.Enum("verification_type", nameof(Activity.VerificationType), VerificationType.Manual),
            MaxSubmissionsPerUser = r.IntOrNull("max_submissions_per_user"),
            TotalAvailableSlots = r.IntOrNull("total_available_slots"),
            CurrentSubmissionsCount = r.Int("current_submissions_count", 0),
            Status = r.Enum("status", nameof(Activity.Status), ActivityStatus.Draft),
            StartsAt = r.InstantOrNull("starts_at"),
            ExpiresAt = r.InstantOrNull("expires_at"),
            CreatedByUserId = r.Id("created_by_user_id"),
            CreatedAt = r.Instant("created_at"),
            UpdatedAt = r.Instant("updated_at"),
            DeletedAt = r.InstantOrNull("deleted_at"),
            Metadata = r.JsonObject("metadata", nameof(Activity.Metadata)),
        },
    };

    public static LegacyTable<ActivitySubmission> ActivitySubmissions { get; } = new()
    {
        Name = "activity_submissions",
        Id = s => s.Id,
        Mapper = r => new ActivitySubmission
        {
            Id = r.Id("id"),
            ActivityId = r.Id("activity_id"),
            UserId = r.Id("user_id"),
            SubmissionUrl = r.TextOrNull("submission_url"),
            // Nullable in the script variant; the model's default is an empty list.
            EvidenceFiles = r.Json<List<EvidenceFile>>("evidence_files", nameof(ActivitySubmission.EvidenceFiles)) ?? [],
            SubmissionText = r.TextOrNull("submission_text"),
            Status = r.Enum("status", nameof(ActivitySubmission.Status), SubmissionStatus.Pending),
            ReviewedByUserId = r.IdOrNull("reviewed_by_user_id"),
            ReviewNotes = r.TextOrNull("review_notes"),
            ReviewedAt = r.InstantOrNull("reviewed_at"),
            RewardPulpaAmount = r.DecimalOrNull("reward_pulpa_amount"),
            SubmittedAt = r.Instant("submitted_at"),
            CreatedAt = r.Instant("created_at"),
            UpdatedAt = r.Instant("updated_at"),
            Metadata = r.JsonObject("metadata", nameof(ActivitySubmission.Metadata)),
        },
    };

    public static LegacyTable<PulpaDistribution> PulpaDistributions { get; } = new()
    {
        Name = "pulpa_distributions",
        // The script variant (LEGACY.md §1.5) has none of these columns. The wallet is the recipient's own
        // (embedded first, as the platform paid there), the distributor is whoever reviewed the submission or
        // else the activity's creator, and a payout starts when it was created.
        Fallbacks = new Dictionary<string, string>
        {
            ["recipient_wallet"] = "(SELECT COALESCE(u.app_wallet, u.ext_wallet) FROM users u WHERE u.id = t.user_id)",
            ["distributed_by_user_id"] = "(SELECT COALESCE(s.reviewed_by_user_id, a.created_by_user_id) FROM activity_submissions s "
                + "JOIN activities a ON a.id = s.activity_id WHERE s.id = t.submission_id)",
            ["initiated_at"] = "t.created_at",
        },
        Id = d => d.Id,
        Mapper = r => new PulpaDistribution
        {
            Id = r.Id("id"),
            SubmissionId = r.Id("submission_id"),
            UserId = r.Id("user_id"),
            ActivityId = r.Id("activity_id"),
            PulpaAmount = r.Decimal("pulpa_amount"),
            RecipientWallet = r.TextOrNull("recipient_wallet") ?? MissingWallet(r),
            ChainId = r.Int("chain_id", PulpaDistribution.DefaultChainId),
            TransactionHash = r.TextOrNull("transaction_hash"),
            DistributionMethod = r.Enum("distribution_method", nameof(PulpaDistribution.DistributionMethod), DistributionMethod.Manual),
            Status = r.Enum("status", nameof(PulpaDistribution.Status), DistributionStatus.Pending),
            DistributedByUserId = r.Id("distributed_by_user_id"),
            ErrorMessage = r.TextOrNull("error_message"),
            RetryCount = r.Int("retry_count", 0),
            InitiatedAt = r.Instant("initiated_at"),
            DistributedAt = r.InstantOrNull("distributed_at"),
            ConfirmedAt = r.InstantOrNull("confirmed_at"),
            Metadata = r.JsonObject("metadata", nameof(PulpaDistribution.Metadata)),
        },
    };

    private static string MissingWallet(LegacyRow r)
    {
        r.Error(nameof(PulpaDistribution.RecipientWallet), FieldErrorCodes.Required,
            "is required (the legacy row has none, and its user has no wallet)");
        return "";
    }

    public static LegacyTable<ProgramActivity> ProgramActivities { get; } = new()
    {
        Name = "program_activities",
        // Legacy has no foreign key on activity_id (LEGACY.md §1.5), so the link may point at nothing.
        Extras = new Dictionary<string, string>
        {
            ["activity_exists"] = "EXISTS (SELECT 1 FROM activities a WHERE a.id = t.activity_id)",
        },
        Id = p => p.Id,
        Mapper = r =>
        {
            if (!r.Bool("activity_exists", true))
            {
                var what = $"activity {r.Id("activity_id")} does not exist";
                if (r.Policies.Contains(FixDanglingProgramActivity))
                {
                    r.Drop(FixDanglingProgramActivity, $"link dropped: {what}");
                    return null;
                }

                r.Error(nameof(ProgramActivity.ActivityId), FieldErrorCodes.Reference, $"refers to an activity that does not exist ({what})");
            }

            return new ProgramActivity
            {
                Id = r.Id("id"),
                ProgramId = r.Id("program_id"),
                ActivityId = r.Id("activity_id"),
                IsRequired = r.Bool("is_required", false),
                OrderIndex = r.IntOrNull("order_index"),
                CreatedAt = r.Instant("created_at"),
            };
        },
    };

    public static LegacyTable<ProgramEnrollment> ProgramEnrollments { get; } = new()
    {
        Name = "program_enrollments",
        Id = e => e.Id,
        Mapper = r => new ProgramEnrollment
        {
            Id = r.Id("id"),
            UserId = r.Id("user_id"),
            ProgramId = r.Id("program_id"),
            ApplicationId = r.IdOrNull("application_id"),
            Status = r.Enum("status", nameof(ProgramEnrollment.Status), EnrollmentStatus.Enrolled),
            EnrolledAt = r.Instant("enrolled_at"),
            CompletedAt = r.InstantOrNull("completed_at"),
            PromotedAt = r.InstantOrNull("promoted_at"),
            CreatedAt = r.Instant("created_at"),
            UpdatedAt = r.Instant("updated_at"),
            Metadata = r.JsonObject("metadata", nameof(ProgramEnrollment.Metadata)),
        },
    };

    public static LegacyTable<Session> Sessions { get; } = new()
    {
        Name = "sessions",
        Id = s => s.Id,
        Mapper = r => new Session
        {
            Id = r.Id("id"),
            ProgramId = r.IdOrNull("program_id"),
            Title = r.Text("title"),
            Description = r.TextOrNull("description"),
            SessionType = r.Enum("session_type", nameof(Session.SessionType), SessionType.InPerson),
            SessionDate = r.Instant("session_date"),
            Duration = r.TextOrNull("duration"),
            Location = r.TextOrNull("location"),
            Instructors = r.Json<List<string>>("instructors", nameof(Session.Instructors)),
            Materials = r.Json<List<SessionMaterial>>("materials", nameof(Session.Materials)),
            IsActive = r.Bool("is_active", true),
            CreatedAt = r.Instant("created_at"),
            UpdatedAt = r.Instant("updated_at"),
            Metadata = r.JsonObject("metadata", nameof(Session.Metadata)),
        },
    };

    public static LegacyTable<SessionActivity> SessionActivities { get; } = new()
    {
        Name = "session_activities",
        Id = s => s.Id,
        Mapper = r => new SessionActivity
        {
            Id = r.Id("id"),
            SessionId = r.Id("session_id"),
            ActivityId = r.Id("activity_id"),
            OrderIndex = r.IntOrNull("order_index"),
            CreatedAt = r.Instant("created_at"),
        },
    };

    public static LegacyTable<Attendance> Attendance { get; } = new()
    {
        Name = "attendance",
        Id = a => a.Id,
        Mapper = r => new Attendance
        {
            Id = r.Id("id"),
            UserId = r.Id("user_id"),
            SessionId = r.Id("session_id"),
            ProgramId = r.IdOrNull("program_id"),
            MarkedBy = r.Id("marked_by"),
            Status = r.Enum("status", nameof(App.Schema.Attendance.Status), AttendanceStatus.Present),
            Notes = r.TextOrNull("notes"),
            MarkedAt = r.Instant("marked_at"),
            CreatedAt = r.Instant("created_at"),
            UpdatedAt = r.Instant("updated_at"),
            Metadata = r.JsonObject("metadata", nameof(App.Schema.Attendance.Metadata)),
        },
    };

    public static LegacyTable<Event> Events { get; } = new()
    {
        Name = "events",
        Id = e => e.Id,
        Mapper = r => new Event
        {
            Id = r.Id("id"),
            ProgramId = r.IdOrNull("program_id"),
            Title = r.Text("title"),
            Description = r.TextOrNull("description"),
            CoverImage = r.TextOrNull("cover_image"),
            LumaUrl = r.Text("luma_url"),
            LumaEventId = r.TextOrNull("luma_event_id"),
            LumaSlug = r.TextOrNull("luma_slug"),
            EventType = EventTypeOf(r),
            StartDate = r.Instant("start_date"),
            EndDate = r.InstantOrNull("end_date"),
            Timezone = r.TextOrNull("timezone"),
            Location = r.TextOrNull("location"),
            LocationDetails = r.TextOrNull("location_details"),
            LocationUrl = r.TextOrNull("location_url"),
            Coordinates = r.Json<Coordinates>("coordinates", nameof(Event.Coordinates)),
            Hosts = r.Json<List<EventHost>>("hosts", nameof(Event.Hosts)),
            Calendar = r.TextOrNull("calendar"),
            Status = r.Enum("status", nameof(Event.Status), EventStatus.Upcoming),
            IsPublished = r.Bool("is_published", false),
            IsFeatured = r.Bool("is_featured", false),
            RegistrationCount = r.IntOrNull("registration_count"),
            MaxCapacity = r.IntOrNull("max_capacity"),
            RegistrationType = r.EnumOrNull<RegistrationType>("registration_type", nameof(Event.RegistrationType)),
            CreatedAt = r.Instant("created_at"),
            UpdatedAt = r.Instant("updated_at"),
            Metadata = r.JsonObject("metadata", nameof(Event.Metadata)),
        },
    };

    private static EventType EventTypeOf(LegacyRow r)
    {
        var name = r.Text("event_type");
        if (ClosedSet<EventType>.TryParse(name, out var value))
        {
            return value;
        }

        if (r.Policies.Contains(FixEventType) && NormaliseEventType(name) is { } fixedValue)
        {
            r.Fixed(FixEventType, $"'{name}' → {ClosedSet<EventType>.ToName(fixedValue)}");
            return fixedValue;
        }

        r.NotInSet<EventType>(nameof(Event.EventType), name);
        return EventType.InPerson;
    }

    /// <summary>The event type a legacy spelling means: any case, '_' or ' ' for '-', and the usual aliases.</summary>
    public static EventType? NormaliseEventType(string name) =>
        name.Trim().ToLowerInvariant().Replace('_', '-').Replace(' ', '-') switch
        {
            "in-person" or "inperson" or "presencial" or "offline" or "irl" or "onsite" or "on-site" => EventType.InPerson,
            "virtual" or "online" or "remote" or "remoto" => EventType.Virtual,
            "hybrid" or "hibrido" or "híbrido" => EventType.Hybrid,
            _ => null,
        };

    // The migrations seed the taxonomy and the three programs with name-based ids (docs/data-model.md); legacy
    // has the same rows with its own ids. A legacy row replaces the seed row it duplicates (same slug or name),
    // so legacy ids stay the ids, as long as nothing refers to the seed row yet; otherwise the legacy skill is
    // refused by the unique name and lands in the rejects report.
    private static async Task ReplaceSeedSkillsAsync(AppDb db, IReadOnlyList<Skill> rows, CancellationToken ct)
    {
        var seedIds = SeedData.Skills.Select(s => s.Id).ToList();
        var ids = rows.Select(r => r.Id).ToList();
        var names = rows.Select(r => r.Name).ToList();
        var slugs = rows.Select(r => r.Slug).ToList();
        var seeds = await db.Skills.Where(s => seedIds.Contains(s.Id) && !ids.Contains(s.Id)
            && (names.Contains(s.Name) || slugs.Contains(s.Slug))).ToListAsync(ct);
        foreach (var seed in seeds)
        {
            if (!await db.ProjectSkills.AnyAsync(p => p.SkillId == seed.Id, ct) && !await db.UserSkills.AnyAsync(u => u.SkillId == seed.Id, ct))
            {
                db.Skills.Remove(seed);
            }
        }

        await db.SaveChangesAsync(ct);
    }

    private static async Task ReplaceSeedProgramsAsync(AppDb db, IReadOnlyList<TrainingProgram> rows, CancellationToken ct)
    {
        var seedIds = SeedData.Programs.Select(s => s.Id).ToList();
        var ids = rows.Select(r => r.Id).ToList();
        var names = rows.Select(r => r.Name).ToList();
        var seeds = await db.Programs.Where(p => seedIds.Contains(p.Id) && !ids.Contains(p.Id) && names.Contains(p.Name)).ToListAsync(ct);
        foreach (var seed in seeds)
        {
            var id = seed.Id;
            var referenced = await db.Applications.AnyAsync(a => a.ProgramId == id, ct)
                || await db.ProgramActivities.AnyAsync(a => a.ProgramId == id, ct)
                || await db.ProgramEnrollments.AnyAsync(e => e.ProgramId == id, ct)
                || await db.Sessions.AnyAsync(s => s.ProgramId == id, ct)
                || await db.Attendance.AnyAsync(a => a.ProgramId == id, ct)
                || await db.Events.AnyAsync(e => e.ProgramId == id, ct);
            if (!referenced)
            {
                db.Programs.Remove(seed);
            }
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>The ids of the rows the migrations seed (explained when <c>verify</c> finds them without a legacy row).</summary>
    public static IReadOnlySet<Guid> SeedIds { get; } =
        SeedData.Skills.Select(s => s.Id).Concat(SeedData.Programs.Select(p => p.Id)).ToHashSet();

    /// <summary>All tables, every one after the tables it references.</summary>
    public static IReadOnlyList<LegacyTable> All { get; } =
    [
        Users, Profiles, Programs, Applications, Invitations, Projects, Skills, UserSkills, ProjectSkills,
        Activities, ActivitySubmissions, PulpaDistributions, ProgramActivities, ProgramEnrollments, Sessions,
        SessionActivities, Attendance, Events,
    ];

    /// <summary>The table named <paramref name="name"/>, or null.</summary>
    public static LegacyTable? Find(string name) => All.FirstOrDefault(t => t.Name == name);
}
