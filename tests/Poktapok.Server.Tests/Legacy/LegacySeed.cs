using System.Globalization;
using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace Poktapok.Server.Tests.Legacy;

/// <summary>
/// Fills a legacy database with generated data, deterministically (one seeded <see cref="Random"/>): users with
/// admins and moderators, and every other table, with soft-deleted rows, NULL optionals, unicode, every enum
/// value, edge instants in <c>timestamp</c> and <c>timestamptz</c> columns and <c>numeric(18,8)</c> extremes,
/// plus rows the new model must refuse (listed in <see cref="Expected"/>). Rows go in with binary COPY, so the
/// generator also serves benchmarks with large <see cref="Users"/> counts.
/// </summary>
public sealed class LegacySeed
{
    /// <summary>How many ordinary users (every 10th is an admin, every 7th a moderator); the other tables scale with it.</summary>
    public int Users { get; init; } = 300;

    public int Seed { get; init; } = 8;

    /// <summary>Whether the database has the create-pulpa-tables.ts variant of the PULPA tables.</summary>
    public bool PulpaVariant { get; init; }

    /// <summary>Whether to add the rows the model refuses (and the ones the fix policies repair).</summary>
    public bool WithBadRows { get; init; } = true;

    /// <summary>A row the import must refuse, and the field it must name.</summary>
    public sealed record ExpectedReject(string Table, Guid Id, string Field, bool FixedByPolicy = false);

    /// <summary>The rows the import must refuse without <c>--fix</c>; those marked FixedByPolicy are repaired (or dropped) with every fix.</summary>
    public List<ExpectedReject> Expected { get; } = [];

    /// <summary>Rows written per table.</summary>
    public Dictionary<string, int> Counts { get; } = [];

    /// <summary>Ids of rows tests look at: the unicode user, the extreme-amount profile, the fixable events, ...</summary>
    public Dictionary<string, Guid> Marked { get; } = [];

    /// <summary>Every unicode string the generator used in a display name, title or JSON value.</summary>
    public static readonly string[] Unicode =
    [
        "Fruterø 🍓 Ñandú", "日本語のユーザー", "مرحبا بالعالم", "Zoë e\u0301 Łódź", "🚀🔥💯", "Ελληνικά κείμενο", "emoji 👩‍💻 zwj",
    ];

    public static readonly decimal MaxAmount = 9_999_999_999.99999999m;
    public static readonly decimal MinAmount = 0.00000001m;
    public static readonly DateTime EpochIsh = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(10);
    public static readonly DateTime PreEpoch = new(1901, 12, 13, 20, 45, 52, DateTimeKind.Utc);
    public static readonly DateTime FarFuture = new DateTime(9999, 12, 31, 23, 59, 59, DateTimeKind.Utc).AddTicks(9_999_990);

    private static readonly string[] SeedSkills =
    [
        "JavaScript/javascript/language", "TypeScript/typescript/language", "Python/python/language", "Rust/rust/language",
        "Solidity/solidity/language", "Go/go/language", "Java/java/language", "React/react/framework", "Next.js/nextjs/framework",
        "Vue.js/vuejs/framework", "Angular/angular/framework", "Svelte/svelte/framework", "Tailwind CSS/tailwind-css/framework",
        "Node.js/nodejs/framework", "Express/express/framework", "NestJS/nestjs/framework", "Django/django/framework",
        "FastAPI/fastapi/framework", "Ruby on Rails/ruby-on-rails/framework", "Git/git/tool", "Docker/docker/tool",
        "PostgreSQL/postgresql/tool", "MongoDB/mongodb/tool", "Redis/redis/tool", "GraphQL/graphql/tool", "Prisma/prisma/tool",
        "Drizzle ORM/drizzle-orm/tool", "Ethereum/ethereum/blockchain", "Wagmi/wagmi/blockchain", "Ethers.js/ethersjs/blockchain",
        "Viem/viem/blockchain", "Arbitrum/arbitrum/blockchain", "Base/base/blockchain", "Polygon/polygon/blockchain",
        "Optimism/optimism/blockchain", "The Graph/the-graph/blockchain", "Web3/web3/other", "DeFi/defi/other",
        "Smart Contracts/smart-contracts/other", "REST APIs/rest-apis/other", "IPFS/ipfs/other", "Hardhat/hardhat/other",
        "Foundry/foundry/other", "Zig/zig/language", "Noir/noir/language", "Cairo/cairo/language",
    ];

    private Random _random = new(0);

    private Guid NewId()
    {
        Span<byte> bytes = stackalloc byte[16];
        _random.NextBytes(bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    private static T Pick<T>(T[] values, int i) => values[i % values.Length];

    private DateTime Instant() =>
        new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(_random.NextInt64(TimeSpan.FromDays(760).Ticks) / 10 * 10);

    private string Hex(int digits)
    {
        var sb = new StringBuilder(digits + 2).Append("0x");
        for (var i = 0; i < digits; i++)
        {
            sb.Append("0123456789abcdefABCDEF"[_random.Next(22)]);
        }

        return sb.ToString();
    }

    private decimal Amount() => Math.Round((decimal)_random.NextDouble() * 1000m + 0.00000001m, 8);

    private string Code(int length)
    {
        const string chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
        return new string(Enumerable.Range(0, length).Select(_ => chars[_random.Next(chars.Length)]).ToArray());
    }

    private static string Json(string json) => json;

    /// <summary>Generates and inserts everything into the legacy database at <paramref name="connectionString"/>.</summary>
    public async Task FillAsync(string connectionString)
    {
        _random = new Random(Seed);
        var t = new Tables();
        var users = new List<(Guid Id, bool Admin, string? Wallet)>();
        var admins = new List<Guid>();

        // --- users -----------------------------------------------------------------------------------------
        string[] authMethods = ["email", "wallet", "social"];
        string[] roles = ["member", "moderator", "admin"];
        string[] statuses = ["incomplete", "pending", "active", "suspended", "banned"];
        for (var i = 0; i < Users; i++)
        {
            var id = NewId();
            var role = i % 10 == 0 ? "admin" : i % 7 == 0 ? "moderator" : "member";
            var wallet = i % 3 == 0 ? null : Hex(40);
            var created = i == 1 ? EpochIsh : Instant();
            t.Users.Add(id, $"did:privy:{Code(20)}{i}", i % 5 == 4 ? null : $"user{i}@example.com",
                i % 6 == 5 ? null : (i % 11 == 0 ? $"User_{i}" : $"user_{i}"),
                i % 4 == 0 ? Pick(Unicode, i) : i % 4 == 1 ? null : $"User {i}",
                i % 3 == 0 ? $"Bio {Pick(Unicode, i + 1)} {i}" : null,
                i % 2 == 0 ? $"https://cdn.example.com/avatars/{i}.png" : null,
                i % 4 == 0 ? Hex(40) : null, wallet, Pick(authMethods, i), role, Pick(statuses, i),
                created, created.AddMinutes(i), i == 2 ? FarFuture : created.AddHours(i),
                i % 13 == 12 ? Instant() : null,
                i % 9 == 0 ? Json("""{"linkedAccounts": [{"type": "email"}], "mfa": false}""") : "{}",
                i % 8 == 0 ? Json($$$"""{"ciudad": "Ciudad de México", "emoji": "🍓", "n": {{{i}}}, "nested": {"a": [1, 2.5, "x"]}}""") : "{}");
            users.Add((id, role == "admin", wallet));
            if (role == "admin")
            {
                admins.Add(id);
            }

            if (i == 4)
            {
                Marked["unicode_user"] = id;
            }
        }

        Guid? badUser = null;
        if (WithBadRows)
        {
            badUser = NewId();
            t.Users.Add(badUser, "did:privy:bad-username", null, "bad name!", "Bad", null, null, null, null, "email", "member", "active",
                Instant(), Instant(), Instant(), null, "{}", "{}");
            Expected.Add(new("users", badUser.Value, "username"));
        }

        Guid Admin(int i) => admins[i % admins.Count];
        Guid User(int i) => users[i % users.Count].Id;

        // --- profiles --------------------------------------------------------------------------------------
        string[] visibilities = ["public", "members", "private"];
        string[] availabilities = ["available", "open_to_offers", "unavailable"];
        string[]?[] tracks = [null, [], ["ai"], ["crypto", "privacy"], ["ai", "crypto", "privacy"]];
        for (var i = 0; i < users.Count; i++)
        {
            if (i % 10 == 9)
            {
                continue;
            }

            var id = NewId();
            var pulpa = i == 0 ? MaxAmount : i == 3 ? MinAmount : i % 5 == 0 ? 0m : Amount();
            if (i == 0)
            {
                Marked["max_pulpa_profile"] = id;
            }

            var created = Instant();
            t.Profiles.Add(id, users[i].Id, i % 3 == 0 ? "Ciudad de México" : null, i % 3 == 0 ? "México" : null,
                i % 3 == 0 ? (i % 2 == 0 ? "MX" : "mx") : null, i % 2 == 0 ? $"gh{i}" : null, i % 4 == 0 ? $"tw{i}" : null,
                i % 5 == 0 ? $"https://linkedin.com/in/u{i}" : null, i % 6 == 0 ? $"tg{i}" : null, Pick(tracks, i),
                Pick(visibilities, i), Pick(availabilities, i), i % 4, i % 7 == 0 ? 1234.5f : 0f, i * 3, pulpa, i % 5,
                created, created.AddDays(1), i % 17 == 16 ? Instant() : null, i % 8 == 0 ? """{"theme": "dark"}""" : "{}");
        }

        if (badUser is { } bu)
        {
            var id = NewId();
            t.Profiles.Add(id, bu, null, null, null, null, null, null, null, null, "public", "available", 0, 0f, 0, 0m, 0,
                Instant(), Instant(), null, "{}");
            Expected.Add(new("profiles", id, "userId"));
        }

        // --- programs --------------------------------------------------------------------------------------
        var programs = new List<Guid>();
        string[] programNames = ["De Cero a Chamba", "DeFi-esta", "Open", "Hackathon Frutal 2025", "Privacidad 🍋"];
        for (var i = 0; i < programNames.Length; i++)
        {
            var id = NewId();
            programs.Add(id);
            t.Programs.Add(id, programNames[i], $"Program {programNames[i]} description.", i == 2 ? "evergreen" : i % 2 == 0 ? "cohort" : "evergreen",
                i % 2 == 0 ? Instant() : null, i % 2 == 0 ? Instant().AddYears(1) : null, i != 4, Instant(), Instant(),
                i == 0 ? """{"cohort": 3}""" : "{}");
        }

        if (WithBadRows)
        {
            var id = NewId();
            t.Programs.Add(id, "Bootcamp", "A program type outside the closed set.", "bootcamp", null, null, true, Instant(), Instant(), "{}");
            Expected.Add(new("programs", id, "programType"));
        }

        // --- applications ----------------------------------------------------------------------------------
        var applications = new List<(Guid Id, Guid User)>();
        string[] applicationStatuses = ["pending", "approved", "rejected"];
        for (var i = 0; i < users.Count; i++)
        {
            if (i % 5 >= 3)
            {
                continue;
            }

            var id = NewId();
            applications.Add((id, users[i].Id));
            var status = Pick(applicationStatuses, i);
            var goal = WithBadRows && i == 7 ? "" : i % 2 == 0 ? $"Quiero aprender {Pick(Unicode, i)}" : null;
            if (WithBadRows && i == 7)
            {
                Expected.Add(new("applications", id, "goal"));
            }

            t.Applications.Add(id, users[i].Id, $"Motivation of user {i}: {Pick(Unicode, i)}", i % 3 == 0 ? programs[i % programs.Count] : null,
                goal, i % 2 == 0 ? $"gh{i}" : null, null, status, status == "pending" ? null : Admin(i),
                status == "pending" ? null : Instant(), status == "rejected" ? "Not this time" : null, Instant(), Instant(), "{}");
        }

        // --- invitations -----------------------------------------------------------------------------------
        string[] invitationStatuses = ["pending", "redeemed", "expired"];
        for (var i = 0; i < Math.Max(10, Users / 3); i++)
        {
            var id = NewId();
            var status = WithBadRows && i == 1 ? "revoked" : Pick(invitationStatuses, i);
            if (status == "revoked")
            {
                Expected.Add(new("invitations", id, "status"));
            }

            t.Invitations.Add(id, User(i * 3 + 1), status == "redeemed" ? User(i * 3 + 2) : null, Code(16 + i % 17),
                status == "redeemed" ? Instant() : null, i == 0 ? FarFuture : Instant(), status, Instant(), Instant(), "{}");
        }

        // --- projects, skills, user_skills, project_skills -------------------------------------------------
        string[] projectTypes = ["personal", "bootcamp", "hackathon", "work-related", "freelance", "bounty"];
        string[] projectStatuses = ["draft", "wip", "completed", "archived"];
        var projects = new List<Guid>();
        for (var i = 0; i < users.Count * 3 / 2; i++)
        {
            var id = NewId();
            projects.Add(id);
            var status = Pick(projectStatuses, i);
            DateTime? published = status == "draft" ? null
                : i == 1 ? DateTime.SpecifyKind(EpochIsh, DateTimeKind.Unspecified)
                : i == 2 ? DateTime.SpecifyKind(FarFuture, DateTimeKind.Unspecified)
                : DateTime.SpecifyKind(Instant(), DateTimeKind.Unspecified);
            t.Projects.Add(id, User(i * 7), $"Proyecto {i} {Pick(Unicode, i)}", $"A project description that is long enough, number {i}.",
                i % 3 == 0 ? $"https://live.example.com/{i}" : null, i % 3 != 0 ? $"https://github.com/u/{i}" : null,
                i % 5 == 0 ? $"http://video.example.com/{i}" : null, i % 4 == 0 ? $"https://logo.example.com/{i}.png" : null,
                i % 6 == 0 ? new[] { $"https://img.example.com/{i}/1.png", $"https://img.example.com/{i}/2.png" } : i % 6 == 1 ? Array.Empty<string>() : null,
                Pick(projectTypes, i), status, i % 3, i % 10 == 0, i * 2, Instant(), Instant(), published,
                i % 19 == 18 ? Instant() : null, "{}");
        }

        if (badUser is { } bu2)
        {
            var id = NewId();
            t.Projects.Add(id, bu2, "Project of the bad user", "Its owner is refused, so it is refused too.", null, "https://github.com/bad/x",
                null, null, null, "personal", "draft", 0, false, 0, Instant(), Instant(), null, null, "{}");
            Expected.Add(new("projects", id, "userId"));
        }

        var skills = new List<Guid>();
        for (var i = 0; i < SeedSkills.Length; i++)
        {
            var parts = SeedSkills[i].Split('/');
            var id = NewId();
            var usage = WithBadRows && parts[1] == "zig" ? -3 : i % 9;
            if (usage < 0)
            {
                Expected.Add(new("skills", id, "usageCount"));
            }
            else
            {
                skills.Add(id);
            }

            t.Skills.Add(id, parts[0], parts[1], parts[2], i % 2 == 0 ? $"About {parts[0]}." : null,
                i % 3 == 0 ? $"https://icons.example.com/{parts[1]}.svg" : null, usage, Instant(), Instant());
        }

        string[] levels = ["beginner", "intermediate", "advanced"];
        for (var i = 0; i < users.Count; i++)
        {
            foreach (var k in Enumerable.Range(0, i % 4).Select(k => skills[(i + k * 5) % skills.Count]).Distinct())
            {
                var id = NewId();
                var count = WithBadRows && i == 5 && t.UserSkills.Count == 0 ? -1 : i % 5;
                if (count < 0)
                {
                    Expected.Add(new("user_skills", id, "projectCount"));
                }

                t.UserSkills.Add(id, users[i].Id, k, Pick(levels, i), count,
                    DateTime.SpecifyKind(i == 6 ? PreEpoch : Instant(), DateTimeKind.Unspecified));
            }
        }

        for (var i = 0; i < projects.Count; i++)
        {
            foreach (var k in Enumerable.Range(0, i % 4).Select(k => skills[(i * 3 + k * 7) % skills.Count]).Distinct())
            {
                t.ProjectSkills.Add(projects[i], k, DateTime.SpecifyKind(Instant(), DateTimeKind.Unspecified));
            }
        }

        // --- activities, submissions, distributions --------------------------------------------------------
        string[] activityTypes = ["github_commit", "x_post", "photo", "video", "blog_post", "workshop_completion", "build_in_public", "code_review", "custom"];
        string[] difficulties = ["beginner", "intermediate", "advanced"];
        string[] verifications = ["manual", "automatic", "hybrid"];
        string[] activityStatuses = ["draft", "active", "paused", "completed", "cancelled"];
        var activities = new List<Guid>();
        for (var i = 0; i < Math.Max(20, Users / 5); i++)
        {
            var id = NewId();
            activities.Add(id);
            var reward = i == 0 ? MaxAmount : i == 1 ? MinAmount : Amount();
            if (i == 0)
            {
                Marked["max_reward_activity"] = id;
            }

            var created = Instant();
            t.Activities.Add(id, $"Actividad {i} {Pick(Unicode, i)}", $"Describe the activity number {i} in enough words.",
                i % 2 == 0 ? "Do the thing." : null, Pick(activityTypes, i), i % 3 == 0 ? "social" : null, Pick(difficulties, i), reward,
                i % 4 == 0 ? """{"url_required": true, "screenshot_required": false, "text_required": true}"""
                    : """{"url_required": false, "screenshot_required": false, "text_required": false}""",
                Pick(verifications, i), i % 3 == 0 ? 2 : null, i % 4 == 0 ? 100 : null, i % 6, Pick(activityStatuses, i),
                i % 2 == 0 ? Instant() : null, i % 3 == 0 ? Instant().AddYears(1) : null, Admin(i),
                created, created, i % 11 == 10 ? Instant() : null, "{}");
        }

        string[] submissionStatuses = ["pending", "under_review", "approved", "rejected", "revision_requested", "distributed"];
        var submissions = new List<(Guid Id, Guid Activity, Guid User, string Status, int UserIndex)>();
        var pairs = new HashSet<(Guid, Guid)>();
        for (var i = 0; i < users.Count * 2; i++)
        {
            var activity = activities[(i * 7) % activities.Count];
            var userIndex = (i * 5 + 1) % users.Count;
            if (!pairs.Add((activity, users[userIndex].Id)))
            {
                continue;
            }

            var id = NewId();
            var status = Pick(submissionStatuses, i);
            submissions.Add((id, activity, users[userIndex].Id, status, userIndex));
            var reviewed = status is not ("pending" or "under_review");
            t.ActivitySubmissions.Add(id, activity, users[userIndex].Id, i % 2 == 0 ? $"https://x.com/p/{i}" : null,
                i % 3 == 0 ? $$"""[{"url": "https://files.example.com/{{i}}.png", "filename": "prueba {{Pick(Unicode, i)}}.png", "size": {{1000 + i}}, "type": "image/png"}]""" : "[]",
                i % 4 == 0 ? $"Texto {Pick(Unicode, i)}" : null, status, reviewed ? Admin(i) : null, reviewed ? "ok" : null,
                reviewed ? Instant() : null, status is "approved" or "distributed" ? Amount() : null, Instant(), Instant(), Instant(), "{}");
        }

        string[] methods = ["manual", "smart_contract", "claim_portal"];
        string[] distributionStatuses = ["pending", "processing", "completed", "failed", "cancelled"];
        var d = 0;
        foreach (var s in submissions.Where(s => s.Status is "approved" or "distributed"))
        {
            var id = NewId();
            var wallet = users[s.UserIndex].Wallet;
            if (PulpaVariant)
            {
                if (wallet is null)
                {
                    // No recipient_wallet column in the variant and no wallet on the user: nothing to pay to.
                    if (WithBadRows)
                    {
                        Expected.Add(new("pulpa_distributions", id, "recipientWallet"));
                    }
                    else
                    {
                        continue;
                    }
                }

                t.PulpaDistributionsVariant.Add(id, s.Id, s.User, s.Activity, d == 0 ? MaxAmount : Amount(), d % 2 == 0 ? Hex(64) : null,
                    Pick(methods, d), Pick(distributionStatuses, d), d % 5 == 3 ? "RPC timeout" : null, Instant(), Instant(), Instant(), "{}");
            }
            else
            {
                var status = Pick(distributionStatuses, d);
                t.PulpaDistributions.Add(id, s.Id, s.User, s.Activity, d == 0 ? MaxAmount : d == 1 ? MinAmount : Amount(), wallet ?? Hex(40),
                    d % 4 == 0 ? 10 : 8453, d % 2 == 0 ? Hex(64) : null, Pick(methods, d), status, Admin(d),
                    status == "failed" ? "RPC timeout 🔥" : null, d % 3, Instant(), status == "completed" ? Instant() : null,
                    status == "completed" ? Instant() : null, "{}");
            }

            d++;
        }

        // --- program_activities, enrollments, sessions, session_activities, attendance --------------------
        for (var p = 0; p < programs.Count; p++)
        {
            foreach (var a in Enumerable.Range(0, p + 1).Select(k => activities[(p * 3 + k * 2) % activities.Count]).Distinct())
            {
                t.ProgramActivities.Add(NewId(), programs[p], a, p % 2 == 0, p % 3 == 0 ? null : p, Instant());
            }
        }

        if (WithBadRows)
        {
            var id = NewId();
            t.ProgramActivities.Add(id, programs[0], NewId(), false, null, Instant());
            Expected.Add(new("program_activities", id, "activityId", FixedByPolicy: true));
            Marked["dangling_program_activity"] = id;
        }

        string[] enrollmentStatuses = ["enrolled", "completed", "dropped"];
        for (var i = 0; i < users.Count; i += 2)
        {
            var id = NewId();
            var status = WithBadRows && i == 4 ? "paused" : Pick(enrollmentStatuses, i / 2);
            if (status == "paused")
            {
                Expected.Add(new("program_enrollments", id, "status"));
            }

            var application = applications.FirstOrDefault(a => a.User == users[i].Id);
            t.ProgramEnrollments.Add(id, users[i].Id, programs[i % programs.Count], application.Id == Guid.Empty ? null : application.Id,
                status, Instant(), status == "completed" ? Instant() : null, i % 8 == 0 ? Instant() : null, Instant(), Instant(), "{}");
        }

        string[] sessionTypes = ["in-person", "virtual", "hybrid"];
        var sessions = new List<(Guid Id, Guid? Program)>();
        for (var i = 0; i < Math.Max(12, Users / 20); i++)
        {
            var id = NewId();
            Guid? program = i % 4 == 3 ? null : programs[i % programs.Count];
            sessions.Add((id, program));
            t.Sessions.Add(id, program, $"Sesión {i} {Pick(Unicode, i)}", i % 2 == 0 ? "Details" : null, Pick(sessionTypes, i),
                i == 0 ? PreEpoch : i == 1 ? FarFuture : Instant(), i % 2 == 0 ? "2 hours" : null, i % 3 == 0 ? "https://meet.example.com/x" : null,
                i % 5 == 4 ? null : $"[\"{Admin(i)}\"]",
                i % 5 == 4 ? null : i % 2 == 0 ? """[{"title": "Slides", "url": "https://slides.example.com", "type": "pdf"}]""" : "[]",
                i % 6 != 5, Instant(), Instant(), "{}");
        }

        if (WithBadRows)
        {
            var id = NewId();
            t.Sessions.Add(id, null, "A webinar", null, "webinar", Instant(), null, null, "[]", "[]", true, Instant(), Instant(), "{}");
            Expected.Add(new("sessions", id, "sessionType"));
        }

        for (var s = 0; s < sessions.Count; s++)
        {
            foreach (var a in Enumerable.Range(0, s % 4).Select(k => activities[(s + k * 3) % activities.Count]).Distinct())
            {
                t.SessionActivities.Add(NewId(), sessions[s].Id, a, s % 2 == 0 ? s : null, Instant());
            }
        }

        string[] attendanceStatuses = ["present", "absent", "excused"];
        var marked = 0;
        for (var s = 0; s < sessions.Count; s++)
        {
            for (var u = s; u < users.Count; u += 9)
            {
                var id = NewId();
                var status = WithBadRows && marked == 3 ? "late" : Pick(attendanceStatuses, marked);
                if (status == "late")
                {
                    Expected.Add(new("attendance", id, "status"));
                }

                t.Attendance.Add(id, users[u].Id, sessions[s].Id, marked % 3 == 0 ? sessions[s].Program : null, Admin(marked), status,
                    null, Instant(), Instant(), Instant(), "{}");
                marked++;
            }
        }

        // --- events ----------------------------------------------------------------------------------------
        string[] eventTypes = ["in-person", "virtual", "hybrid"];
        string[] eventStatuses = ["upcoming", "live", "past", "cancelled"];
        string?[] registrationTypes = ["free", "paid", "approval", null];
        var eventCount = Math.Max(40, Users / 8);
        for (var i = 0; i < eventCount; i++)
        {
            var start = i == 0 ? FarFuture.AddDays(-1) : i == 1 ? EpochIsh : Instant();
            AddEvent(t, NewId(), i, Pick(eventTypes, i), $"slug-{i}", $"evt-{Code(10)}{i}", start, i % 3 == 0 ? start.AddHours(2) : null,
                i % 2 == 0, Pick(eventStatuses, i), Pick(registrationTypes, i), i % 4 == 0 ? 5 : 0, i % 5 == 0 ? 100 : null,
                i % 3 == 0 ? programs[i % programs.Count] : null);
        }

        if (WithBadRows)
        {
            var now = Instant();
            Guid Bad(string name, string field, bool fixable, string type = "in-person", DateTime? end = null, int registrations = 0,
                int? capacity = null, string? slug = null, bool published = true)
            {
                var id = NewId();
                Marked[name] = id;
                AddEvent(t, id, 1000 + Expected.Count, type, slug ?? $"bad-{name}", $"evt-bad-{name}", now, end, published, "upcoming", "free",
                    registrations, capacity, null);
                Expected.Add(new("events", id, field, fixable));
                return id;
            }

            Bad("event_in_person", "eventType", fixable: true, type: "in_person");
            Bad("event_online", "eventType", fixable: true, type: "Online", published: false);
            Bad("event_webinar", "eventType", fixable: false, type: "webinar");
            Bad("event_ends_before_start", "endDate", fixable: false, end: now.AddHours(-1));
            Bad("event_negative_registrations", "registrationCount", fixable: false, registrations: -5);
            Bad("event_zero_capacity", "maxCapacity", fixable: false, capacity: 0);

            // Two events with one slug: legacy allowed it, the model does not; the one with the larger id is refused.
            var a = NewId();
            var b = NewId();
            var (keep, dup) = string.CompareOrdinal(a.ToString(), b.ToString()) < 0 ? (a, b) : (b, a);
            AddEvent(t, keep, 2000, "virtual", "same-slug", "evt-same-1", now, null, true, "upcoming", "free", 0, null, null);
            AddEvent(t, dup, 2001, "virtual", "same-slug", "evt-same-2", now, null, false, "upcoming", "free", 0, null, null);
            Expected.Add(new("events", dup, "lumaSlug"));
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        // The pool may have loaded the type catalogue before the schema created the enums.
        await connection.ReloadTypesAsync();
        if (WithBadRows)
        {
            // Production drifted from the DDL in places (LEGACY.md §1.1); this one lets a malformed username in.
            await using var drop = new NpgsqlCommand("ALTER TABLE users DROP CONSTRAINT username_format", connection);
            await drop.ExecuteNonQueryAsync();
        }

        foreach (var table in t.All(PulpaVariant))
        {
            Counts[table.Name] = table.Count;
            await table.CopyAsync(connection);
        }
    }

    private void AddEvent(Tables t, Guid id, int i, string type, string slug, string lumaId, DateTime start, DateTime? end, bool published,
        string status, string? registration, int registrations, int? capacity, Guid? program) =>
        t.Events.Add(id, program, $"Evento {i} {Pick(Unicode, i)}", i % 2 == 0 ? "Una descripción" : null,
            i % 3 == 0 ? $"https://images.lumacdn.com/{i}.png" : null, $"https://lu.ma/{slug}", lumaId, slug, type, start, end,
            i % 4 == 3 ? null : "America/Mexico_City", i % 2 == 0 ? "CDMX" : null, null, null,
            i % 3 == 0 ? """{"lat": 19.4326, "lng": -99.1332}""" : null,
            i % 4 == 3 ? null : i % 2 == 0 ? $$"""[{"name": "{{Pick(Unicode, i)}}", "avatarUrl": "https://a.example.com/{{i}}.png", "handle": "h{{i}}"}]""" : "[]",
            i % 2 == 0 ? "frutero-club" : null, status, published, i % 7 == 0, registrations, capacity, registration, DateTime.UtcNow.Date,
            DateTime.UtcNow.Date, "{}");

    /// <summary>The rows of one table and its columns (<c>name:postgres type</c>), copied with binary COPY.</summary>
    private sealed class CopyTable(string name, params string[] columns)
    {
        private readonly List<object?[]> _rows = [];

        public string Name { get; } = name;

        public int Count => _rows.Count;

        public void Add(params object?[] values)
        {
            if (values.Length != columns.Length)
            {
                throw new ArgumentException($"{Name}: {values.Length} values for {columns.Length} columns");
            }

            _rows.Add(values);
        }

        public async Task CopyAsync(NpgsqlConnection connection)
        {
            var names = columns.Select(c => c.Split(':')[0]).ToArray();
            var types = columns.Select(c => c.Split(':')[1]).ToArray();
            await using var writer = await connection.BeginBinaryImportAsync(
                $"COPY {Name} ({string.Join(", ", names)}) FROM STDIN (FORMAT BINARY)");
            foreach (var row in _rows)
            {
                await writer.StartRowAsync();
                for (var i = 0; i < row.Length; i++)
                {
                    await WriteAsync(writer, row[i], types[i]);
                }
            }

            await writer.CompleteAsync();
        }

        private static Task WriteAsync(NpgsqlBinaryImporter writer, object? value, string type) => value switch
        {
            null => writer.WriteNullAsync(),
            Guid g => writer.WriteAsync(g, NpgsqlDbType.Uuid),
            DateTime dt when type == "timestamp" => writer.WriteAsync(DateTime.SpecifyKind(dt, DateTimeKind.Unspecified), NpgsqlDbType.Timestamp),
            DateTime dt => writer.WriteAsync(DateTime.SpecifyKind(dt, DateTimeKind.Utc), NpgsqlDbType.TimestampTz),
            decimal m => writer.WriteAsync(m, NpgsqlDbType.Numeric),
            float f => writer.WriteAsync(f, NpgsqlDbType.Real),
            int n => writer.WriteAsync(n, NpgsqlDbType.Integer),
            bool b => writer.WriteAsync(b, NpgsqlDbType.Boolean),
            string s when type == "jsonb" => writer.WriteAsync(s, NpgsqlDbType.Jsonb),
            string s when type is "text" or "varchar" => writer.WriteAsync(s, NpgsqlDbType.Text),
            string s => writer.WriteAsync(s, type),
            string[] a when type == "varchar[]" => writer.WriteAsync(a, NpgsqlDbType.Array | NpgsqlDbType.Varchar),
            string[] a => writer.WriteAsync(a, type),
            _ => throw new ArgumentException($"cannot COPY a {value.GetType().Name} into {type}"),
        };
    }

    private sealed class Tables
    {
        public CopyTable Users { get; } = new("users", "id:uuid", "privy_did:text", "email:text", "username:text", "display_name:text", "bio:text",
            "avatar_url:text", "ext_wallet:text", "app_wallet:text", "primary_auth_method:auth_method", "role:user_role",
            "account_status:account_status", "created_at:timestamptz", "updated_at:timestamptz", "last_login_at:timestamptz",
            "deleted_at:timestamptz", "privy_metadata:jsonb", "metadata:jsonb");

        public CopyTable Profiles { get; } = new("profiles", "id:uuid", "user_id:uuid", "city:text", "country:text", "country_code:text",
            "github_username:text", "twitter_username:text", "linkedin_url:text", "telegram_username:text", "learning_tracks:learning_track[]",
            "profile_visibility:profile_visibility", "availability_status:availability_status", "completed_bounties:int",
            "total_earnings_usd:real", "profile_views:int", "total_pulpa_earned:numeric", "activities_completed:int",
            "created_at:timestamptz", "updated_at:timestamptz", "deleted_at:timestamptz", "metadata:jsonb");

        public CopyTable Programs { get; } = new("programs", "id:uuid", "name:text", "description:text", "program_type:text",
            "start_date:timestamptz", "end_date:timestamptz", "is_active:bool", "created_at:timestamptz", "updated_at:timestamptz", "metadata:jsonb");

        public CopyTable Applications { get; } = new("applications", "id:uuid", "user_id:uuid", "motivation_text:text", "program_id:uuid",
            "goal:text", "github_username:text", "twitter_username:text", "status:application_status", "reviewed_by_user_id:uuid",
            "reviewed_at:timestamptz", "review_notes:text", "created_at:timestamptz", "updated_at:timestamptz", "metadata:jsonb");

        public CopyTable Invitations { get; } = new("invitations", "id:uuid", "inviter_user_id:uuid", "redeemer_user_id:uuid", "invite_code:text",
            "redeemed_at:timestamptz", "expires_at:timestamptz", "status:text", "created_at:timestamptz", "updated_at:timestamptz", "metadata:jsonb");

        public CopyTable Projects { get; } = new("projects", "id:uuid", "user_id:uuid", "title:text", "description:text", "live_url:text",
            "repository_url:text", "video_url:text", "logo_url:text", "image_urls:varchar[]", "project_type:project_type",
            "project_status:project_status", "display_order:int", "featured:bool", "view_count:int", "created_at:timestamptz",
            "updated_at:timestamptz", "published_at:timestamp", "deleted_at:timestamptz", "metadata:jsonb");

        public CopyTable Skills { get; } = new("skills", "id:uuid", "name:text", "slug:text", "category:skill_category", "description:text",
            "icon_url:text", "usage_count:int", "created_at:timestamptz", "updated_at:timestamptz");

        public CopyTable UserSkills { get; } = new("user_skills", "id:uuid", "user_id:uuid", "skill_id:uuid", "proficiency_level:proficiency_level",
            "project_count:int", "created_at:timestamp");

        public CopyTable ProjectSkills { get; } = new("project_skills", "project_id:uuid", "skill_id:uuid", "created_at:timestamp");

        public CopyTable Activities { get; } = new("activities", "id:uuid", "title:text", "description:text", "instructions:text",
            "activity_type:activity_type", "category:text", "difficulty:difficulty", "reward_pulpa_amount:numeric", "evidence_requirements:jsonb",
            "verification_type:verification_type", "max_submissions_per_user:int", "total_available_slots:int", "current_submissions_count:int",
            "status:activity_status", "starts_at:timestamptz", "expires_at:timestamptz", "created_by_user_id:uuid", "created_at:timestamptz",
            "updated_at:timestamptz", "deleted_at:timestamptz", "metadata:jsonb");

        public CopyTable ActivitySubmissions { get; } = new("activity_submissions", "id:uuid", "activity_id:uuid", "user_id:uuid",
            "submission_url:text", "evidence_files:jsonb", "submission_text:text", "status:submission_status", "reviewed_by_user_id:uuid",
            "review_notes:text", "reviewed_at:timestamptz", "reward_pulpa_amount:numeric", "submitted_at:timestamptz", "created_at:timestamptz",
            "updated_at:timestamptz", "metadata:jsonb");

        public CopyTable PulpaDistributions { get; } = new("pulpa_distributions", "id:uuid", "submission_id:uuid", "user_id:uuid",
            "activity_id:uuid", "pulpa_amount:numeric", "recipient_wallet:text", "chain_id:int", "transaction_hash:text",
            "distribution_method:distribution_method", "status:distribution_status", "distributed_by_user_id:uuid", "error_message:text",
            "retry_count:int", "initiated_at:timestamptz", "distributed_at:timestamptz", "confirmed_at:timestamptz", "metadata:jsonb");

        public CopyTable PulpaDistributionsVariant { get; } = new("pulpa_distributions", "id:uuid", "submission_id:uuid", "user_id:uuid",
            "activity_id:uuid", "pulpa_amount:numeric", "transaction_hash:text", "distribution_method:distribution_method",
            "status:distribution_status", "error_message:text", "distributed_at:timestamp", "created_at:timestamp", "updated_at:timestamp",
            "metadata:jsonb");

        public CopyTable ProgramActivities { get; } = new("program_activities", "id:uuid", "program_id:uuid", "activity_id:uuid",
            "is_required:bool", "order_index:int", "created_at:timestamptz");

        public CopyTable ProgramEnrollments { get; } = new("program_enrollments", "id:uuid", "user_id:uuid", "program_id:uuid",
            "application_id:uuid", "status:text", "enrolled_at:timestamptz", "completed_at:timestamptz", "promoted_at:timestamptz",
            "created_at:timestamptz", "updated_at:timestamptz", "metadata:jsonb");

        public CopyTable Sessions { get; } = new("sessions", "id:uuid", "program_id:uuid", "title:text", "description:text", "session_type:text",
            "session_date:timestamptz", "duration:text", "location:text", "instructors:jsonb", "materials:jsonb", "is_active:bool",
            "created_at:timestamptz", "updated_at:timestamptz", "metadata:jsonb");

        public CopyTable SessionActivities { get; } = new("session_activities", "id:uuid", "session_id:uuid", "activity_id:uuid",
            "order_index:int", "created_at:timestamptz");

        public CopyTable Attendance { get; } = new("attendance", "id:uuid", "user_id:uuid", "session_id:uuid", "program_id:uuid",
            "marked_by:uuid", "status:text", "notes:text", "marked_at:timestamptz", "created_at:timestamptz", "updated_at:timestamptz",
            "metadata:jsonb");

        public CopyTable Events { get; } = new("events", "id:uuid", "program_id:uuid", "title:text", "description:text", "cover_image:text",
            "luma_url:text", "luma_event_id:text", "luma_slug:text", "event_type:text", "start_date:timestamptz", "end_date:timestamptz",
            "timezone:text", "location:text", "location_details:text", "location_url:text", "coordinates:jsonb", "hosts:jsonb",
            "calendar:text", "status:text", "is_published:bool", "is_featured:bool", "registration_count:int", "max_capacity:int",
            "registration_type:text", "created_at:timestamptz", "updated_at:timestamptz", "metadata:jsonb");

        public IEnumerable<CopyTable> All(bool pulpaVariant) =>
        [
            Users, Profiles, Programs, Applications, Invitations, Projects, Skills, UserSkills, ProjectSkills, Activities,
            ActivitySubmissions, pulpaVariant ? PulpaDistributionsVariant : PulpaDistributions, ProgramActivities, ProgramEnrollments,
            Sessions, SessionActivities, Attendance, Events,
        ];
    }
}
