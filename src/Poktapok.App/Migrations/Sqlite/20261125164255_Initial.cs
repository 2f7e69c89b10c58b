using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Poktapok.App.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "programs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    description = table.Column<string>(type: "TEXT", nullable: false),
                    program_type = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    start_date = table.Column<long>(type: "INTEGER", nullable: true),
                    end_date = table.Column<long>(type: "INTEGER", nullable: true),
                    is_active = table.Column<bool>(type: "INTEGER", nullable: false, defaultValue: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false, defaultValueSql: "(CAST(unixepoch('subsec') * 1000000 AS INTEGER))"),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false, defaultValueSql: "(CAST(unixepoch('subsec') * 1000000 AS INTEGER))"),
                    metadata = table.Column<string>(type: "TEXT", nullable: false, defaultValueSql: "'{}'")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_programs", x => x.id);
                    table.CheckConstraint("programs_program_type_set", "\"program_type\" IN ('cohort', 'evergreen')");
                });

            migrationBuilder.CreateTable(
                name: "skills",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    slug = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    category = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    description = table.Column<string>(type: "TEXT", nullable: true),
                    icon_url = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    usage_count = table.Column<int>(type: "INTEGER", nullable: false, defaultValue: 0),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false, defaultValueSql: "(CAST(unixepoch('subsec') * 1000000 AS INTEGER))"),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false, defaultValueSql: "(CAST(unixepoch('subsec') * 1000000 AS INTEGER))")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_skills", x => x.id);
                    table.CheckConstraint("skills_category_set", "\"category\" IN ('language', 'framework', 'tool', 'blockchain', 'other')");
                    table.CheckConstraint("skills_usage_count_positive", "\"usage_count\" >= 0");
                });

            migrationBuilder.CreateTable(
                name: "users",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    privy_did = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    email = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    username = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    display_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    bio = table.Column<string>(type: "TEXT", nullable: true),
                    avatar_url = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ext_wallet = table.Column<string>(type: "TEXT", maxLength: 42, nullable: true),
                    app_wallet = table.Column<string>(type: "TEXT", maxLength: 42, nullable: true),
                    primary_auth_method = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    role = table.Column<string>(type: "TEXT", maxLength: 9, nullable: false, defaultValue: "member"),
                    account_status = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false, defaultValue: "pending"),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false, defaultValueSql: "(CAST(unixepoch('subsec') * 1000000 AS INTEGER))"),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false, defaultValueSql: "(CAST(unixepoch('subsec') * 1000000 AS INTEGER))"),
                    last_login_at = table.Column<long>(type: "INTEGER", nullable: false, defaultValueSql: "(CAST(unixepoch('subsec') * 1000000 AS INTEGER))"),
                    deleted_at = table.Column<long>(type: "INTEGER", nullable: true),
                    privy_metadata = table.Column<string>(type: "TEXT", nullable: false, defaultValueSql: "'{}'"),
                    metadata = table.Column<string>(type: "TEXT", nullable: false, defaultValueSql: "'{}'")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_users", x => x.id);
                    table.CheckConstraint("app_wallet_format", "\"app_wallet\" IS NULL OR (length(\"app_wallet\") = 42 AND lower(substr(\"app_wallet\", 1, 2)) = '0x' AND substr(\"app_wallet\", 3) NOT GLOB '*[^0-9A-Fa-f]*')");
                    table.CheckConstraint("email_format", "\"email\" IS NULL OR (instr(\"email\", '@') > 1 AND substr(\"email\", 1, instr(\"email\", '@') - 1) NOT GLOB '*[^A-Za-z0-9._%+-]*' AND substr(\"email\", instr(\"email\", '@') + 1) NOT GLOB '*[^A-Za-z0-9.-]*' AND length(substr(\"email\", instr(\"email\", '@') + 1)) - length(rtrim(substr(\"email\", instr(\"email\", '@') + 1), 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ')) >= 2 AND rtrim(substr(\"email\", instr(\"email\", '@') + 1), 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ') GLOB '?*.')");
                    table.CheckConstraint("ext_wallet_format", "\"ext_wallet\" IS NULL OR (length(\"ext_wallet\") = 42 AND lower(substr(\"ext_wallet\", 1, 2)) = '0x' AND substr(\"ext_wallet\", 3) NOT GLOB '*[^0-9A-Fa-f]*')");
                    table.CheckConstraint("username_format", "\"username\" IS NULL OR (length(\"username\") BETWEEN 3 AND 50 AND \"username\" NOT GLOB '*[^A-Za-z0-9_]*')");
                    table.CheckConstraint("users_account_status_set", "\"account_status\" IN ('incomplete', 'pending', 'active', 'suspended', 'banned')");
                    table.CheckConstraint("users_primary_auth_method_set", "\"primary_auth_method\" IN ('email', 'wallet', 'social')");
                    table.CheckConstraint("users_role_set", "\"role\" IN ('member', 'moderator', 'admin')");
                });

            migrationBuilder.CreateTable(
                name: "events",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    program_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    description = table.Column<string>(type: "TEXT", nullable: true),
                    cover_image = table.Column<string>(type: "TEXT", nullable: true),
                    luma_url = table.Column<string>(type: "TEXT", nullable: false),
                    luma_event_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    luma_slug = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    event_type = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false, defaultValue: "in-person"),
                    start_date = table.Column<long>(type: "INTEGER", nullable: false),
                    end_date = table.Column<long>(type: "INTEGER", nullable: true),
                    timezone = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true, defaultValue: "America/Mexico_City"),
                    location = table.Column<string>(type: "TEXT", nullable: true),
                    location_details = table.Column<string>(type: "TEXT", nullable: true),
                    location_url = table.Column<string>(type: "TEXT", nullable: true),
                    coordinates = table.Column<string>(type: "TEXT", nullable: true),
                    hosts = table.Column<string>(type: "TEXT", nullable: true, defaultValueSql: "'[]'"),
                    calendar = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false, defaultValue: "upcoming"),
                    is_published = table.Column<bool>(type: "INTEGER", nullable: false, defaultValue: false),
                    is_featured = table.Column<bool>(type: "INTEGER", nullable: false, defaultValue: false),
                    registration_count = table.Column<int>(type: "INTEGER", nullable: true, defaultValue: 0),
                    max_capacity = table.Column<int>(type: "INTEGER", nullable: true),
                    registration_type = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true, defaultValue: "free"),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false, defaultValueSql: "(CAST(unixepoch('subsec') * 1000000 AS INTEGER))"),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false, defaultValueSql: "(CAST(unixepoch('subsec') * 1000000 AS INTEGER))"),
                    metadata = table.Column<string>(type: "TEXT", nullable: false, defaultValueSql: "'{}'")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_events", x => x.id);
                    table.CheckConstraint("events_event_type_set", "\"event_type\" IN ('in-person', 'virtual', 'hybrid')");
                    table.CheckConstraint("events_max_capacity_positive", "\"max_capacity\" IS NULL OR (\"max_capacity\" > 0)");
                    table.CheckConstraint("events_registration_count_positive", "\"registration_count\" IS NULL OR (\"registration_count\" >= 0)");
                    table.CheckConstraint("events_registration_type_set", "\"registration_type\" IS NULL OR \"registration_type\" IN ('free', 'paid', 'approval')");
                    table.CheckConstraint("events_status_set", "\"status\" IN ('upcoming', 'live', 'past', 'cancelled')");
                    table.ForeignKey(
                        name: "events_program_id_fkey",
                        column: x => x.program_id,
                        principalTable: "programs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "sessions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    program_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "TEXT", nullable: true),
                    session_type = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false, defaultValue: "in-person"),
                    session_date = table.Column<long>(type: "INTEGER", nullable: false),
                    duration = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    location = table.Column<string>(type: "TEXT", nullable: true),
                    instructors = table.Column<string>(type: "TEXT", nullable: true, defaultValueSql: "'[]'"),
                    materials = table.Column<string>(type: "TEXT", nullable: true, defaultValueSql: "'[]'"),
                    is_active = table.Column<bool>(type: "INTEGER", nullable: false, defaultValue: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false, defaultValueSql: "(CAST(unixepoch('subsec') * 1000000 AS INTEGER))"),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false, defaultValueSql: "(CAST(unixepoch('subsec') * 1000000 AS INTEGER))"),
                    metadata = table.Column<string>(type: "TEXT", nullable: false, defaultValueSql: "'{}'")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sessions", x => x.id);
                    table.CheckConstraint("sessions_session_type_set", "\"session_type\" IN ('in-person', 'virtual', 'hybrid')");
                    table.ForeignKey(
                        name: "sessions_program_id_programs_id_fk",
                        column: x => x.program_id,
                        principalTable: "programs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "activities",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "TEXT", nullable: false),
                    instructions = table.Column<string>(type: "TEXT", nullable: true),
                    activity_type = table.Column<string>(type: "TEXT", maxLength: 19, nullable: false),
                    category = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    difficulty = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    reward_pulpa_amount = table.Column<long>(type: "INTEGER", precision: 18, scale: 8, nullable: false),
                    evidence_requirements = table.Column<string>(type: "TEXT", nullable: false, defaultValueSql: "'{\"url_required\":false,\"screenshot_required\":false,\"text_required\":false}'"),
                    verification_type = table.Column<string>(type: "TEXT", maxLength: 9, nullable: false, defaultValue: "manual"),
                    max_submissions_per_user = table.Column<int>(type: "INTEGER", nullable: true),
                    total_available_slots = table.Column<int>(type: "INTEGER", nullable: true),
                    current_submissions_count = table.Column<int>(type: "INTEGER", nullable: false, defaultValue: 0),
                    status = table.Column<string>(type: "TEXT", maxLength: 9, nullable: false, defaultValue: "draft"),
                    starts_at = table.Column<long>(type: "INTEGER", nullable: true),
                    expires_at = table.Column<long>(type: "INTEGER", nullable: true),
                    created_by_user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false, defaultValueSql: "(CAST(unixepoch('subsec') * 1000000 AS INTEGER))"),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false, defaultValueSql: "(CAST(unixepoch('subsec') * 1000000 AS INTEGER))"),
                    deleted_at = table.Column<long>(type: "INTEGER", nullable: true),
                    metadata = table.Column<string>(type: "TEXT", nullable: false, defaultValueSql: "'{}'")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_activities", x => x.id);
                    table.CheckConstraint("activities_activity_type_set", "\"activity_type\" IN ('github_commit', 'x_post', 'photo', 'video', 'blog_post', 'workshop_completion', 'build_in_public', 'code_review', 'custom')");
                    table.CheckConstraint("activities_difficulty_set", "\"difficulty\" IN ('beginner', 'intermediate', 'advanced')");
                    table.CheckConstraint("activities_status_set", "\"status\" IN ('draft', 'active', 'paused', 'completed', 'cancelled')");
                    table.CheckConstraint("activities_verification_type_set", "\"verification_type\" IN ('manual', 'automatic', 'hybrid')");
                    table.CheckConstraint("current_count_positive", "\"current_submissions_count\" >= 0");
                    table.CheckConstraint("description_length", "length(\"description\") >= 20");
                    table.CheckConstraint("max_submissions_positive", "\"max_submissions_per_user\" IS NULL OR (\"max_submissions_per_user\" > 0)");
                    table.CheckConstraint("reward_positive", "\"reward_pulpa_amount\" > 0");
                    table.CheckConstraint("slots_positive", "\"total_available_slots\" IS NULL OR (\"total_available_slots\" > 0)");
                    table.CheckConstraint("title_length", "length(\"title\") >= 5");
                    table.ForeignKey(
                        name: "activities_created_by_fk",
                        column: x => x.created_by_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "applications",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    motivation_text = table.Column<string>(type: "TEXT", nullable: false),
                    program_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    goal = table.Column<string>(type: "TEXT", nullable: true),
                    github_username = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    twitter_username = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false, defaultValue: "pending"),
                    reviewed_by_user_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    reviewed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    review_notes = table.Column<string>(type: "TEXT", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false, defaultValueSql: "(CAST(unixepoch('subsec') * 1000000 AS INTEGER))"),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false, defaultValueSql: "(CAST(unixepoch('subsec') * 1000000 AS INTEGER))"),
                    metadata = table.Column<string>(type: "TEXT", nullable: false, defaultValueSql: "'{}'")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_applications", x => x.id);
                    table.CheckConstraint("applications_status_set", "\"status\" IN ('pending', 'approved', 'rejected')");
                    table.ForeignKey(
                        name: "applications_program_id_programs_id_fk",
                        column: x => x.program_id,
                        principalTable: "programs",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "applications_reviewed_by_fk",
                        column: x => x.reviewed_by_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "applications_user_fk",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "invitations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    inviter_user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    redeemer_user_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    invite_code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    redeemed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    expires_at = table.Column<long>(type: "INTEGER", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false, defaultValue: "pending"),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false, defaultValueSql: "(CAST(unixepoch('subsec') * 1000000 AS INTEGER))"),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false, defaultValueSql: "(CAST(unixepoch('subsec') * 1000000 AS INTEGER))"),
                    metadata = table.Column<string>(type: "TEXT", nullable: false, defaultValueSql: "'{}'")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_invitations", x => x.id);
                    table.CheckConstraint("invitations_status_set", "\"status\" IN ('pending', 'redeemed', 'expired')");
                    table.CheckConstraint("invite_code_format", "length(\"invite_code\") BETWEEN 16 AND 32 AND \"invite_code\" NOT GLOB '*[^A-Za-z0-9_-]*'");
                    table.ForeignKey(
                        name: "invitations_inviter_fk",
                        column: x => x.inviter_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "invitations_redeemer_fk",
                        column: x => x.redeemer_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "profiles",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    city = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    country = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    country_code = table.Column<string>(type: "TEXT", maxLength: 2, nullable: true),
                    github_username = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    twitter_username = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    linkedin_url = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    telegram_username = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    learning_tracks = table.Column<string>(type: "TEXT", nullable: true),
                    profile_visibility = table.Column<string>(type: "TEXT", maxLength: 7, nullable: false, defaultValue: "public"),
                    availability_status = table.Column<string>(type: "TEXT", maxLength: 14, nullable: false, defaultValue: "available"),
                    completed_bounties = table.Column<int>(type: "INTEGER", nullable: false, defaultValue: 0),
                    total_earnings_usd = table.Column<float>(type: "REAL", nullable: false, defaultValue: 0f),
                    profile_views = table.Column<int>(type: "INTEGER", nullable: false, defaultValue: 0),
                    total_pulpa_earned = table.Column<long>(type: "INTEGER", precision: 18, scale: 8, nullable: false, defaultValue: 0L),
                    activities_completed = table.Column<int>(type: "INTEGER", nullable: false, defaultValue: 0),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false, defaultValueSql: "(CAST(unixepoch('subsec') * 1000000 AS INTEGER))"),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false, defaultValueSql: "(CAST(unixepoch('subsec') * 1000000 AS INTEGER))"),
                    deleted_at = table.Column<long>(type: "INTEGER", nullable: true),
                    metadata = table.Column<string>(type: "TEXT", nullable: false, defaultValueSql: "'{}'")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_profiles", x => x.id);
                    table.CheckConstraint("activities_completed_positive", "\"activities_completed\" >= 0");
                    table.CheckConstraint("completed_bounties_positive", "\"completed_bounties\" >= 0");
                    table.CheckConstraint("country_code_format", "\"country_code\" IS NULL OR (length(\"country_code\") BETWEEN 2 AND 2 AND \"country_code\" NOT GLOB '*[^A-Za-z]*')");
                    table.CheckConstraint("profile_views_positive", "\"profile_views\" >= 0");
                    table.CheckConstraint("profiles_availability_status_set", "\"availability_status\" IN ('available', 'open_to_offers', 'unavailable')");
                    table.CheckConstraint("profiles_profile_visibility_set", "\"profile_visibility\" IN ('public', 'members', 'private')");
                    table.CheckConstraint("pulpa_earned_positive", "\"total_pulpa_earned\" >= 0");
                    table.CheckConstraint("total_earnings_positive", "\"total_earnings_usd\" >= 0");
                    table.ForeignKey(
                        name: "profiles_user_fk",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "projects",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 280, nullable: false),
                    live_url = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    repository_url = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    video_url = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    logo_url = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    image_urls = table.Column<string>(type: "TEXT", nullable: true),
                    project_type = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    project_status = table.Column<string>(type: "TEXT", maxLength: 9, nullable: false, defaultValue: "draft"),
                    display_order = table.Column<int>(type: "INTEGER", nullable: false, defaultValue: 0),
                    featured = table.Column<bool>(type: "INTEGER", nullable: false, defaultValue: false),
                    view_count = table.Column<int>(type: "INTEGER", nullable: false, defaultValue: 0),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false, defaultValueSql: "(CAST(unixepoch('subsec') * 1000000 AS INTEGER))"),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false, defaultValueSql: "(CAST(unixepoch('subsec') * 1000000 AS INTEGER))"),
                    published_at = table.Column<long>(type: "INTEGER", nullable: true),
                    deleted_at = table.Column<long>(type: "INTEGER", nullable: true),
                    metadata = table.Column<string>(type: "TEXT", nullable: false, defaultValueSql: "'{}'")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_projects", x => x.id);
                    table.CheckConstraint("projects_at_least_one_url", "\"repository_url\" IS NOT NULL OR \"video_url\" IS NOT NULL OR \"live_url\" IS NOT NULL");
                    table.CheckConstraint("projects_description_length", "length(\"description\") BETWEEN 20 AND 280");
                    table.CheckConstraint("projects_display_order_check", "\"display_order\" >= 0");
                    table.CheckConstraint("projects_live_url_format", "\"live_url\" IS NULL OR ((\"live_url\" GLOB 'http://*' OR \"live_url\" GLOB 'https://*'))");
                    table.CheckConstraint("projects_logo_url_format", "\"logo_url\" IS NULL OR ((\"logo_url\" GLOB 'http://*' OR \"logo_url\" GLOB 'https://*'))");
                    table.CheckConstraint("projects_project_status_set", "\"project_status\" IN ('draft', 'wip', 'completed', 'archived')");
                    table.CheckConstraint("projects_project_type_set", "\"project_type\" IN ('personal', 'bootcamp', 'hackathon', 'work-related', 'freelance', 'bounty')");
                    table.CheckConstraint("projects_repository_url_format", "\"repository_url\" IS NULL OR ((\"repository_url\" GLOB 'http://*' OR \"repository_url\" GLOB 'https://*'))");
                    table.CheckConstraint("projects_title_length", "length(\"title\") BETWEEN 5 AND 100");
                    table.CheckConstraint("projects_video_url_format", "\"video_url\" IS NULL OR ((\"video_url\" GLOB 'http://*' OR \"video_url\" GLOB 'https://*'))");
                    table.CheckConstraint("projects_view_count_check", "\"view_count\" >= 0");
                    table.ForeignKey(
                        name: "projects_user_id_users_id_fk",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "user_skills",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    skill_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    proficiency_level = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false, defaultValue: "intermediate"),
                    project_count = table.Column<int>(type: "INTEGER", nullable: false, defaultValue: 0),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false, defaultValueSql: "(CAST(unixepoch('subsec') * 1000000 AS INTEGER))")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_skills", x => x.id);
                    table.CheckConstraint("user_skills_proficiency_level_set", "\"proficiency_level\" IN ('beginner', 'intermediate', 'advanced')");
                    table.CheckConstraint("user_skills_project_count_positive", "\"project_count\" >= 0");
                    table.ForeignKey(
                        name: "user_skills_skill_id_skills_id_fk",
                        column: x => x.skill_id,
                        principalTable: "skills",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "user_skills_user_id_users_id_fk",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "attendance",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    session_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    program_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    marked_by = table.Column<Guid>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    notes = table.Column<string>(type: "TEXT", nullable: true),
                    marked_at = table.Column<long>(type: "INTEGER", nullable: false, defaultValueSql: "(CAST(unixepoch('subsec') * 1000000 AS INTEGER))"),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false, defaultValueSql: "(CAST(unixepoch('subsec') * 1000000 AS INTEGER))"),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false, defaultValueSql: "(CAST(unixepoch('subsec') * 1000000 AS INTEGER))"),
                    metadata = table.Column<string>(type: "TEXT", nullable: false, defaultValueSql: "'{}'")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_attendance", x => x.id);
                    table.CheckConstraint("attendance_status_set", "\"status\" IN ('present', 'absent', 'excused')");
                    table.ForeignKey(
                        name: "attendance_marked_by_users_id_fk",
                        column: x => x.marked_by,
                        principalTable: "users",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "attendance_program_id_programs_id_fk",
                        column: x => x.program_id,
                        principalTable: "programs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "attendance_session_id_sessions_id_fk",
                        column: x => x.session_id,
                        principalTable: "sessions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "attendance_user_id_users_id_fk",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "activity_submissions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    activity_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    submission_url = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    evidence_files = table.Column<string>(type: "TEXT", nullable: false, defaultValueSql: "'[]'"),
                    submission_text = table.Column<string>(type: "TEXT", nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 18, nullable: false, defaultValue: "pending"),
                    reviewed_by_user_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    review_notes = table.Column<string>(type: "TEXT", nullable: true),
                    reviewed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    reward_pulpa_amount = table.Column<long>(type: "INTEGER", precision: 18, scale: 8, nullable: true),
                    submitted_at = table.Column<long>(type: "INTEGER", nullable: false, defaultValueSql: "(CAST(unixepoch('subsec') * 1000000 AS INTEGER))"),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false, defaultValueSql: "(CAST(unixepoch('subsec') * 1000000 AS INTEGER))"),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false, defaultValueSql: "(CAST(unixepoch('subsec') * 1000000 AS INTEGER))"),
                    metadata = table.Column<string>(type: "TEXT", nullable: false, defaultValueSql: "'{}'")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_activity_submissions", x => x.id);
                    table.CheckConstraint("activity_submissions_status_set", "\"status\" IN ('pending', 'under_review', 'approved', 'rejected', 'revision_requested', 'distributed')");
                    table.CheckConstraint("submission_reward_positive", "\"reward_pulpa_amount\" IS NULL OR (\"reward_pulpa_amount\" > 0)");
                    table.CheckConstraint("submission_text_length", "\"submission_text\" IS NULL OR (length(\"submission_text\") <= 1000)");
                    table.ForeignKey(
                        name: "submissions_activity_fk",
                        column: x => x.activity_id,
                        principalTable: "activities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "submissions_reviewed_by_fk",
                        column: x => x.reviewed_by_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "submissions_user_fk",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "program_activities",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    program_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    activity_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    is_required = table.Column<bool>(type: "INTEGER", nullable: false, defaultValue: false),
                    order_index = table.Column<int>(type: "INTEGER", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false, defaultValueSql: "(CAST(unixepoch('subsec') * 1000000 AS INTEGER))")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_program_activities", x => x.id);
                    table.ForeignKey(
                        name: "program_activities_activity_id_activities_id_fk",
                        column: x => x.activity_id,
                        principalTable: "activities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "program_activities_program_id_programs_id_fk",
                        column: x => x.program_id,
                        principalTable: "programs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "session_activities",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    session_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    activity_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    order_index = table.Column<int>(type: "INTEGER", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false, defaultValueSql: "(CAST(unixepoch('subsec') * 1000000 AS INTEGER))")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_session_activities", x => x.id);
                    table.ForeignKey(
                        name: "session_activities_activity_id_activities_id_fk",
                        column: x => x.activity_id,
                        principalTable: "activities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "session_activities_session_id_sessions_id_fk",
                        column: x => x.session_id,
                        principalTable: "sessions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "program_enrollments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    program_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    application_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false, defaultValue: "enrolled"),
                    enrolled_at = table.Column<long>(type: "INTEGER", nullable: false, defaultValueSql: "(CAST(unixepoch('subsec') * 1000000 AS INTEGER))"),
                    completed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    promoted_at = table.Column<long>(type: "INTEGER", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false, defaultValueSql: "(CAST(unixepoch('subsec') * 1000000 AS INTEGER))"),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false, defaultValueSql: "(CAST(unixepoch('subsec') * 1000000 AS INTEGER))"),
                    metadata = table.Column<string>(type: "TEXT", nullable: false, defaultValueSql: "'{}'")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_program_enrollments", x => x.id);
                    table.CheckConstraint("program_enrollments_status_set", "\"status\" IN ('enrolled', 'completed', 'dropped')");
                    table.ForeignKey(
                        name: "program_enrollments_application_id_applications_id_fk",
                        column: x => x.application_id,
                        principalTable: "applications",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "program_enrollments_program_id_programs_id_fk",
                        column: x => x.program_id,
                        principalTable: "programs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "program_enrollments_user_id_users_id_fk",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "project_skills",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    project_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    skill_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false, defaultValueSql: "(CAST(unixepoch('subsec') * 1000000 AS INTEGER))")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_project_skills", x => x.id);
                    table.ForeignKey(
                        name: "project_skills_project_id_projects_id_fk",
                        column: x => x.project_id,
                        principalTable: "projects",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "project_skills_skill_id_skills_id_fk",
                        column: x => x.skill_id,
                        principalTable: "skills",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "pulpa_distributions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    submission_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    activity_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    pulpa_amount = table.Column<long>(type: "INTEGER", precision: 18, scale: 8, nullable: false),
                    recipient_wallet = table.Column<string>(type: "TEXT", maxLength: 42, nullable: false),
                    chain_id = table.Column<int>(type: "INTEGER", nullable: false, defaultValue: 10),
                    transaction_hash = table.Column<string>(type: "TEXT", maxLength: 66, nullable: true),
                    distribution_method = table.Column<string>(type: "TEXT", maxLength: 14, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false, defaultValue: "pending"),
                    distributed_by_user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    error_message = table.Column<string>(type: "TEXT", nullable: true),
                    retry_count = table.Column<int>(type: "INTEGER", nullable: false, defaultValue: 0),
                    initiated_at = table.Column<long>(type: "INTEGER", nullable: false, defaultValueSql: "(CAST(unixepoch('subsec') * 1000000 AS INTEGER))"),
                    distributed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    confirmed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    metadata = table.Column<string>(type: "TEXT", nullable: false, defaultValueSql: "'{}'")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pulpa_distributions", x => x.id);
                    table.CheckConstraint("distribution_pulpa_positive", "\"pulpa_amount\" > 0");
                    table.CheckConstraint("pulpa_distributions_distribution_method_set", "\"distribution_method\" IN ('manual', 'smart_contract', 'claim_portal')");
                    table.CheckConstraint("pulpa_distributions_status_set", "\"status\" IN ('pending', 'processing', 'completed', 'failed', 'cancelled')");
                    table.CheckConstraint("retry_count_positive", "\"retry_count\" >= 0");
                    table.CheckConstraint("tx_hash_format", "\"transaction_hash\" IS NULL OR (length(\"transaction_hash\") = 66 AND lower(substr(\"transaction_hash\", 1, 2)) = '0x' AND substr(\"transaction_hash\", 3) NOT GLOB '*[^0-9A-Fa-f]*')");
                    table.CheckConstraint("wallet_format", "length(\"recipient_wallet\") = 42 AND lower(substr(\"recipient_wallet\", 1, 2)) = '0x' AND substr(\"recipient_wallet\", 3) NOT GLOB '*[^0-9A-Fa-f]*'");
                    table.ForeignKey(
                        name: "distributions_activity_fk",
                        column: x => x.activity_id,
                        principalTable: "activities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "distributions_distributed_by_fk",
                        column: x => x.distributed_by_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "distributions_submission_fk",
                        column: x => x.submission_id,
                        principalTable: "activity_submissions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "distributions_user_fk",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "programs",
                columns: new[] { "id", "created_at", "description", "end_date", "is_active", "metadata", "name", "program_type", "start_date", "updated_at" },
                values: new object[,]
                {
                    { new Guid("7c1b3b63-d044-5d4f-b754-3589bacffcd6"), 1767225600000000L, "A cohort that takes members from zero to their first paid work in tech.", null, true, "{}", "De Cero a Chamba", "cohort", null, 1767225600000000L },
                    { new Guid("a8cde90f-a9ee-58e1-ac19-7b417080b0c9"), 1767225600000000L, "The evergreen track: open activities and sessions for every member, any time.", null, true, "{}", "Open", "evergreen", null, 1767225600000000L },
                    { new Guid("b4d52e40-09b8-55df-86fe-4fe91c79d2c1"), 1767225600000000L, "A cohort on decentralised finance: protocols, smart contracts and building DeFi products.", null, true, "{}", "DeFi-esta", "cohort", null, 1767225600000000L }
                });

            migrationBuilder.InsertData(
                table: "skills",
                columns: new[] { "id", "category", "created_at", "description", "icon_url", "name", "slug", "updated_at", "usage_count" },
                values: new object[,]
                {
                    { new Guid("0090f0be-97c9-5b8f-9c91-ed23a916536c"), "blockchain", 1767225600000000L, "An Ethereum scaling network.", null, "Polygon", "polygon", 1767225600000000L, 0 },
                    { new Guid("00ec1bef-9dbc-5775-b89c-e93fdc851249"), "other", 1767225600000000L, "Programs that run on a blockchain.", null, "Smart Contracts", "smart-contracts", 1767225600000000L, 0 },
                    { new Guid("066fdb36-52f7-5764-954a-16b0ae34e54d"), "blockchain", 1767225600000000L, "The programmable blockchain for smart contracts.", null, "Ethereum", "ethereum", 1767225600000000L, 0 },
                    { new Guid("11aa443a-9fd3-506b-94de-14efd1f33be1"), "tool", 1767225600000000L, "Containers for building and shipping applications.", null, "Docker", "docker", 1767225600000000L, 0 },
                    { new Guid("1618ddaf-644a-5ae7-80ac-46af6343661b"), "framework", 1767225600000000L, "A progressive framework for building user interfaces.", null, "Vue.js", "vuejs", 1767225600000000L, 0 },
                    { new Guid("1a3ef93f-b73b-5f3a-88d0-1141a906cb93"), "framework", 1767225600000000L, "A minimal web framework for Node.js.", null, "Express", "express", 1767225600000000L, 0 },
                    { new Guid("1f53f01a-621e-5bda-84fb-7423b7e71c39"), "blockchain", 1767225600000000L, "An indexing protocol for querying blockchain data.", null, "The Graph", "the-graph", 1767225600000000L, 0 },
                    { new Guid("225bc31a-f5fe-5803-9bd7-d6c886139fd4"), "framework", 1767225600000000L, "A library for building user interfaces from components.", null, "React", "react", 1767225600000000L, 0 },
                    { new Guid("27f84807-c61f-5693-a0c6-c1eab7abd9de"), "language", 1767225600000000L, "The language of the web, in the browser and on the server.", null, "JavaScript", "javascript", 1767225600000000L, 0 },
                    { new Guid("2a34442e-0bf0-57dd-953a-73a1c4385874"), "tool", 1767225600000000L, "An advanced open-source relational database.", null, "PostgreSQL", "postgresql", 1767225600000000L, 0 },
                    { new Guid("30977112-ad42-55bc-bf29-5744a5e6a1de"), "other", 1767225600000000L, "A peer-to-peer file storage protocol.", null, "IPFS", "ipfs", 1767225600000000L, 0 },
                    { new Guid("323a4ae5-6f81-5707-93bd-0eb483515acf"), "blockchain", 1767225600000000L, "React hooks for Ethereum.", null, "Wagmi", "wagmi", 1767225600000000L, 0 },
                    { new Guid("3543cfd6-d67b-5696-94dd-d99724724919"), "other", 1767225600000000L, "Designing and building HTTP APIs.", null, "REST APIs", "rest-apis", 1767225600000000L, 0 },
                    { new Guid("364e02d0-271f-5685-9834-5b04f3f287d9"), "framework", 1767225600000000L, "A compiler-based framework for reactive user interfaces.", null, "Svelte", "svelte", 1767225600000000L, 0 },
                    { new Guid("3c407ace-e7d5-596c-8d4d-e8035ba44856"), "framework", 1767225600000000L, "A modern, fast Python framework for APIs.", null, "FastAPI", "fastapi", 1767225600000000L, 0 },
                    { new Guid("4644ec2e-1d19-5f58-a235-4d66579ddd05"), "blockchain", 1767225600000000L, "An Ethereum layer-2 optimistic rollup.", null, "Optimism", "optimism", 1767225600000000L, 0 },
                    { new Guid("4a659fa8-ab07-5057-98f2-712da4593c96"), "blockchain", 1767225600000000L, "An Ethereum layer-2 rollup.", null, "Arbitrum", "arbitrum", 1767225600000000L, 0 },
                    { new Guid("540ea75c-8697-5d00-ae23-8e119767cc35"), "other", 1767225600000000L, "An Ethereum development environment.", null, "Hardhat", "hardhat", 1767225600000000L, 0 },
                    { new Guid("5d21fa60-13ac-5836-bccc-fc4c3f4b239e"), "tool", 1767225600000000L, "Distributed version control.", null, "Git", "git", 1767225600000000L, 0 },
                    { new Guid("65b92120-10ce-52c5-b15d-20100b4b273b"), "language", 1767225600000000L, "JavaScript with static types.", null, "TypeScript", "typescript", 1767225600000000L, 0 },
                    { new Guid("7f5e03d9-8253-5cde-a808-c352862158e8"), "language", 1767225600000000L, "A widely used language for backend and Android development.", null, "Java", "java", 1767225600000000L, 0 },
                    { new Guid("7fb06164-4d8d-51ba-bd25-abc8c85b5e5d"), "language", 1767225600000000L, "A general-purpose language popular for scripting, data and AI.", null, "Python", "python", 1767225600000000L, 0 },
                    { new Guid("8169ea40-c104-5613-a6ae-4e5f90f5a36f"), "other", 1767225600000000L, "Decentralised applications and the technology behind them.", null, "Web3", "web3", 1767225600000000L, 0 },
                    { new Guid("87d3ff42-ba71-5875-a408-08814b733cad"), "blockchain", 1767225600000000L, "A TypeScript interface for Ethereum.", null, "Viem", "viem", 1767225600000000L, 0 },
                    { new Guid("93a2322d-8a67-5b10-a8d2-46c78436bca3"), "language", 1767225600000000L, "A simple, fast compiled language for services and tools.", null, "Go", "go", 1767225600000000L, 0 },
                    { new Guid("94eb8d8d-84f2-5392-8d8f-ed8c0a7ac9fa"), "language", 1767225600000000L, "A systems language focused on safety and performance.", null, "Rust", "rust", 1767225600000000L, 0 },
                    { new Guid("971fd10e-ad33-54b1-9a63-3489356d5ab9"), "other", 1767225600000000L, "A fast toolkit for Ethereum development in Solidity.", null, "Foundry", "foundry", 1767225600000000L, 0 },
                    { new Guid("ae4a1d9d-f399-547f-8f51-1604035c0932"), "framework", 1767225600000000L, "A batteries-included Python web framework.", null, "Django", "django", 1767225600000000L, 0 },
                    { new Guid("b0d62736-bba5-546d-8541-d0e9c6615740"), "framework", 1767225600000000L, "A TypeScript framework for web applications.", null, "Angular", "angular", 1767225600000000L, 0 },
                    { new Guid("b49a1f7f-f06d-5286-a504-471d329c6d1a"), "framework", 1767225600000000L, "A JavaScript runtime for servers and tools.", null, "Node.js", "nodejs", 1767225600000000L, 0 },
                    { new Guid("b5e12dd3-3da5-5886-bde0-cb0b7d7d7518"), "tool", 1767225600000000L, "A document database.", null, "MongoDB", "mongodb", 1767225600000000L, 0 },
                    { new Guid("b5e656ba-154a-55df-8319-cc65f92f2979"), "framework", 1767225600000000L, "A React framework for full-stack web applications.", null, "Next.js", "nextjs", 1767225600000000L, 0 },
                    { new Guid("ba5470b8-6525-5927-bf26-5ec3d6d65dd7"), "language", 1767225600000000L, "The main language for Ethereum smart contracts.", null, "Solidity", "solidity", 1767225600000000L, 0 },
                    { new Guid("bd888bc1-bba1-5628-95e7-677ceaf30a49"), "framework", 1767225600000000L, "A structured framework for Node.js server applications.", null, "NestJS", "nestjs", 1767225600000000L, 0 },
                    { new Guid("cff1bd76-0c56-59ee-9ee2-2d9a131df712"), "blockchain", 1767225600000000L, "A JavaScript library for interacting with Ethereum.", null, "Ethers.js", "ethersjs", 1767225600000000L, 0 },
                    { new Guid("de51dbc5-61fa-52c8-a2fe-ed50fcd4674f"), "other", 1767225600000000L, "Decentralised finance protocols and applications.", null, "DeFi", "defi", 1767225600000000L, 0 },
                    { new Guid("deaa77b0-971b-555e-977e-2578c5a65bee"), "blockchain", 1767225600000000L, "An Ethereum layer-2 network.", null, "Base", "base", 1767225600000000L, 0 },
                    { new Guid("e2ed8d36-f5d2-50eb-bac8-468cd0395e35"), "tool", 1767225600000000L, "A lightweight TypeScript ORM.", null, "Drizzle ORM", "drizzle-orm", 1767225600000000L, 0 },
                    { new Guid("e52a4994-40f3-5ecf-a322-85dc011f7019"), "framework", 1767225600000000L, "A full-stack web framework for Ruby.", null, "Ruby on Rails", "ruby-on-rails", 1767225600000000L, 0 },
                    { new Guid("e5a6e4cd-2086-549d-9ecc-24e3da9e897e"), "framework", 1767225600000000L, "A utility-first CSS framework.", null, "Tailwind CSS", "tailwind-css", 1767225600000000L, 0 },
                    { new Guid("ec0d0c9c-5ed3-5028-ae1a-e273a25290aa"), "tool", 1767225600000000L, "An in-memory data store and cache.", null, "Redis", "redis", 1767225600000000L, 0 },
                    { new Guid("fcf2feea-2b44-567b-8812-8fe43c3e745a"), "tool", 1767225600000000L, "A query language for APIs.", null, "GraphQL", "graphql", 1767225600000000L, 0 },
                    { new Guid("fdf34528-29c3-5c1b-9aa3-2086800816ca"), "tool", 1767225600000000L, "A TypeScript ORM and database toolkit.", null, "Prisma", "prisma", 1767225600000000L, 0 }
                });

            migrationBuilder.CreateIndex(
                name: "idx_activities_category",
                table: "activities",
                column: "category");

            migrationBuilder.CreateIndex(
                name: "idx_activities_created_at",
                table: "activities",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "idx_activities_created_by",
                table: "activities",
                column: "created_by_user_id");

            migrationBuilder.CreateIndex(
                name: "idx_activities_deleted_at",
                table: "activities",
                column: "deleted_at",
                filter: "\"deleted_at\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "idx_activities_expires_at",
                table: "activities",
                column: "expires_at");

            migrationBuilder.CreateIndex(
                name: "idx_activities_status",
                table: "activities",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "idx_activities_type",
                table: "activities",
                column: "activity_type");

            migrationBuilder.CreateIndex(
                name: "idx_submissions_activity",
                table: "activity_submissions",
                column: "activity_id");

            migrationBuilder.CreateIndex(
                name: "idx_submissions_queue",
                table: "activity_submissions",
                columns: new[] { "status", "submitted_at" },
                filter: "\"status\" IN ('pending', 'under_review')");

            migrationBuilder.CreateIndex(
                name: "idx_submissions_reviewed_by",
                table: "activity_submissions",
                column: "reviewed_by_user_id");

            migrationBuilder.CreateIndex(
                name: "idx_submissions_status",
                table: "activity_submissions",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "idx_submissions_submitted_at",
                table: "activity_submissions",
                column: "submitted_at");

            migrationBuilder.CreateIndex(
                name: "idx_submissions_unique_user_activity",
                table: "activity_submissions",
                columns: new[] { "activity_id", "user_id" },
                filter: "\"status\" <> 'rejected'");

            migrationBuilder.CreateIndex(
                name: "idx_submissions_user",
                table: "activity_submissions",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "applications_user_id_unique",
                table: "applications",
                column: "user_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "idx_applications_created_at",
                table: "applications",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "idx_applications_program_id",
                table: "applications",
                column: "program_id");

            migrationBuilder.CreateIndex(
                name: "idx_applications_reviewed_by",
                table: "applications",
                column: "reviewed_by_user_id");

            migrationBuilder.CreateIndex(
                name: "idx_applications_status",
                table: "applications",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "idx_applications_status_created",
                table: "applications",
                columns: new[] { "status", "created_at" });

            migrationBuilder.CreateIndex(
                name: "attendance_user_id_session_id_unique",
                table: "attendance",
                columns: new[] { "user_id", "session_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "idx_attendance_marked_by",
                table: "attendance",
                column: "marked_by");

            migrationBuilder.CreateIndex(
                name: "idx_attendance_program_id",
                table: "attendance",
                column: "program_id");

            migrationBuilder.CreateIndex(
                name: "idx_attendance_session_id",
                table: "attendance",
                column: "session_id");

            migrationBuilder.CreateIndex(
                name: "events_calendar_idx",
                table: "events",
                column: "calendar");

            migrationBuilder.CreateIndex(
                name: "events_is_published_idx",
                table: "events",
                columns: new[] { "is_published", "start_date" });

            migrationBuilder.CreateIndex(
                name: "events_luma_event_id_idx",
                table: "events",
                column: "luma_event_id");

            migrationBuilder.CreateIndex(
                name: "events_luma_slug_idx",
                table: "events",
                column: "luma_slug");

            migrationBuilder.CreateIndex(
                name: "events_program_id_idx",
                table: "events",
                column: "program_id");

            migrationBuilder.CreateIndex(
                name: "events_start_date_idx",
                table: "events",
                column: "start_date");

            migrationBuilder.CreateIndex(
                name: "events_status_idx",
                table: "events",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "idx_invitations_inviter",
                table: "invitations",
                column: "inviter_user_id");

            migrationBuilder.CreateIndex(
                name: "idx_invitations_pending",
                table: "invitations",
                columns: new[] { "inviter_user_id", "status" },
                filter: "\"status\" = 'pending'");

            migrationBuilder.CreateIndex(
                name: "idx_invitations_redeemer",
                table: "invitations",
                column: "redeemer_user_id");

            migrationBuilder.CreateIndex(
                name: "idx_invitations_status",
                table: "invitations",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "invitations_invite_code_unique",
                table: "invitations",
                column: "invite_code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "idx_profiles_activities_completed",
                table: "profiles",
                column: "activities_completed");

            migrationBuilder.CreateIndex(
                name: "idx_profiles_completed_bounties",
                table: "profiles",
                column: "completed_bounties");

            migrationBuilder.CreateIndex(
                name: "idx_profiles_country_code",
                table: "profiles",
                column: "country_code");

            migrationBuilder.CreateIndex(
                name: "idx_profiles_created_at",
                table: "profiles",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "idx_profiles_deleted_at",
                table: "profiles",
                column: "deleted_at",
                filter: "\"deleted_at\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "idx_profiles_pulpa_earned",
                table: "profiles",
                column: "total_pulpa_earned");

            migrationBuilder.CreateIndex(
                name: "idx_profiles_total_earnings",
                table: "profiles",
                column: "total_earnings_usd");

            migrationBuilder.CreateIndex(
                name: "idx_profiles_visibility_availability",
                table: "profiles",
                columns: new[] { "profile_visibility", "availability_status" });

            migrationBuilder.CreateIndex(
                name: "profiles_user_id_unique",
                table: "profiles",
                column: "user_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "idx_program_activities_activity_id",
                table: "program_activities",
                column: "activity_id");

            migrationBuilder.CreateIndex(
                name: "program_activities_program_id_activity_id_unique",
                table: "program_activities",
                columns: new[] { "program_id", "activity_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "idx_program_enrollments_application_id",
                table: "program_enrollments",
                column: "application_id");

            migrationBuilder.CreateIndex(
                name: "idx_program_enrollments_program_status",
                table: "program_enrollments",
                columns: new[] { "program_id", "status" });

            migrationBuilder.CreateIndex(
                name: "program_enrollments_user_id_program_id_unique",
                table: "program_enrollments",
                columns: new[] { "user_id", "program_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "idx_project_skills_skill_id",
                table: "project_skills",
                column: "skill_id");

            migrationBuilder.CreateIndex(
                name: "project_skills_project_id_skill_id_pk",
                table: "project_skills",
                columns: new[] { "project_id", "skill_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "idx_projects_deleted_at",
                table: "projects",
                column: "deleted_at",
                filter: "\"deleted_at\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "idx_projects_display_order",
                table: "projects",
                columns: new[] { "user_id", "display_order" });

            migrationBuilder.CreateIndex(
                name: "idx_projects_featured",
                table: "projects",
                column: "featured",
                filter: "\"featured\" = 1");

            migrationBuilder.CreateIndex(
                name: "idx_projects_published_at",
                table: "projects",
                column: "published_at",
                filter: "\"published_at\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "idx_projects_status",
                table: "projects",
                column: "project_status");

            migrationBuilder.CreateIndex(
                name: "idx_projects_type",
                table: "projects",
                column: "project_type");

            migrationBuilder.CreateIndex(
                name: "idx_projects_user_id",
                table: "projects",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "idx_distributions_activity",
                table: "pulpa_distributions",
                column: "activity_id");

            migrationBuilder.CreateIndex(
                name: "idx_distributions_distributed_at",
                table: "pulpa_distributions",
                column: "distributed_at");

            migrationBuilder.CreateIndex(
                name: "idx_distributions_distributed_by",
                table: "pulpa_distributions",
                column: "distributed_by_user_id");

            migrationBuilder.CreateIndex(
                name: "idx_distributions_status",
                table: "pulpa_distributions",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "idx_distributions_submission_unique",
                table: "pulpa_distributions",
                column: "submission_id");

            migrationBuilder.CreateIndex(
                name: "idx_distributions_tx_hash",
                table: "pulpa_distributions",
                column: "transaction_hash");

            migrationBuilder.CreateIndex(
                name: "idx_distributions_user",
                table: "pulpa_distributions",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "idx_session_activities_activity_id",
                table: "session_activities",
                column: "activity_id");

            migrationBuilder.CreateIndex(
                name: "session_activities_session_id_activity_id_unique",
                table: "session_activities",
                columns: new[] { "session_id", "activity_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "idx_sessions_program_date",
                table: "sessions",
                columns: new[] { "program_id", "session_date" });

            migrationBuilder.CreateIndex(
                name: "idx_sessions_session_date",
                table: "sessions",
                column: "session_date");

            migrationBuilder.CreateIndex(
                name: "idx_skills_category",
                table: "skills",
                column: "category");

            migrationBuilder.CreateIndex(
                name: "idx_skills_usage_count",
                table: "skills",
                column: "usage_count");

            migrationBuilder.CreateIndex(
                name: "skills_name_unique",
                table: "skills",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "skills_slug_unique",
                table: "skills",
                column: "slug",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "idx_user_skills_project_count",
                table: "user_skills",
                column: "project_count");

            migrationBuilder.CreateIndex(
                name: "idx_user_skills_skill_id",
                table: "user_skills",
                column: "skill_id");

            migrationBuilder.CreateIndex(
                name: "unique_user_skill",
                table: "user_skills",
                columns: new[] { "user_id", "skill_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "idx_users_account_status",
                table: "users",
                column: "account_status");

            migrationBuilder.CreateIndex(
                name: "idx_users_app_wallet",
                table: "users",
                column: "app_wallet",
                filter: "\"app_wallet\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "idx_users_deleted_at",
                table: "users",
                column: "deleted_at",
                filter: "\"deleted_at\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "idx_users_ext_wallet",
                table: "users",
                column: "ext_wallet",
                filter: "\"ext_wallet\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "idx_users_primary_auth",
                table: "users",
                column: "primary_auth_method");

            migrationBuilder.CreateIndex(
                name: "idx_users_role",
                table: "users",
                column: "role");

            migrationBuilder.CreateIndex(
                name: "users_email_unique",
                table: "users",
                column: "email",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "users_privy_did_unique",
                table: "users",
                column: "privy_did",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "users_username_unique",
                table: "users",
                column: "username",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "attendance");

            migrationBuilder.DropTable(
                name: "events");

            migrationBuilder.DropTable(
                name: "invitations");

            migrationBuilder.DropTable(
                name: "profiles");

            migrationBuilder.DropTable(
                name: "program_activities");

            migrationBuilder.DropTable(
                name: "program_enrollments");

            migrationBuilder.DropTable(
                name: "project_skills");

            migrationBuilder.DropTable(
                name: "pulpa_distributions");

            migrationBuilder.DropTable(
                name: "session_activities");

            migrationBuilder.DropTable(
                name: "user_skills");

            migrationBuilder.DropTable(
                name: "applications");

            migrationBuilder.DropTable(
                name: "projects");

            migrationBuilder.DropTable(
                name: "activity_submissions");

            migrationBuilder.DropTable(
                name: "sessions");

            migrationBuilder.DropTable(
                name: "skills");

            migrationBuilder.DropTable(
                name: "activities");

            migrationBuilder.DropTable(
                name: "programs");

            migrationBuilder.DropTable(
                name: "users");
        }
    }
}
