using Microsoft.EntityFrameworkCore;
using Poktapok.App.Schema;
using Poktapok.Engine.Data;

namespace Poktapok.App.Data;

/// <summary>
/// The Frutero Club data model: the 18 legacy tables. Functions read and write it as <c>ctx.Db</c>
/// (<c>ctx.Db.Events.Where(e =&gt; e.IsPublished)</c>). Entities are flat documents without navigation
/// properties, as Convex documents are: relations are ids, joined in LINQ where needed.
/// One model, two providers: <see cref="SqliteAppDb"/> and <see cref="PostgresAppDb"/> exist only so that
/// each has its own migration set.
/// </summary>
public abstract class AppDb : PoktapokDbContext
{
    private protected AppDb(DbContextOptions options, DatabaseProvider provider, TimeProvider? clock)
        : base(options, provider, clock)
    {
    }

    public DbSet<User> Users => Set<User>();
    public DbSet<Profile> Profiles => Set<Profile>();
    public DbSet<Application> Applications => Set<Application>();
    public DbSet<Invitation> Invitations => Set<Invitation>();
    public DbSet<Project> Projects => Set<Project>();
    public DbSet<Skill> Skills => Set<Skill>();
    public DbSet<UserSkill> UserSkills => Set<UserSkill>();
    public DbSet<ProjectSkill> ProjectSkills => Set<ProjectSkill>();
    public DbSet<ProjectViewer> ProjectViewers => Set<ProjectViewer>();
    public DbSet<Activity> Activities => Set<Activity>();
    public DbSet<ActivitySubmission> ActivitySubmissions => Set<ActivitySubmission>();
    public DbSet<PulpaDistribution> PulpaDistributions => Set<PulpaDistribution>();
    public DbSet<TrainingProgram> Programs => Set<TrainingProgram>();
    public DbSet<ProgramActivity> ProgramActivities => Set<ProgramActivity>();
    public DbSet<ProgramEnrollment> ProgramEnrollments => Set<ProgramEnrollment>();
    public DbSet<Session> Sessions => Set<Session>();
    public DbSet<SessionActivity> SessionActivities => Set<SessionActivity>();
    public DbSet<Attendance> Attendance => Set<Attendance>();
    public DbSet<Event> Events => Set<Event>();
    public DbSet<LumaSyncRun> LumaSyncRuns => Set<LumaSyncRun>();
    public DbSet<DemoCounter> DemoCounters => Set<DemoCounter>();
    public DbSet<FileAttachment> FileAttachments => Set<FileAttachment>();

    /// <summary>Opens the configured database with the context type of its provider.</summary>
    public static AppDb Open(DatabaseTarget target, TimeProvider? clock = null) => target.Provider switch
    {
        DatabaseProvider.Postgres => new PostgresAppDb(Options<PostgresAppDb>(target), clock),
        _ => new SqliteAppDb(Options<SqliteAppDb>(target), clock),
    };

    internal static DbContextOptions<T> Options<T>(DatabaseTarget target) where T : DbContext
    {
        var builder = new DbContextOptionsBuilder<T>();
        target.Configure(builder, typeof(AppDb).Assembly.GetName().Name!);
        return builder.Options;
    }

    protected override void ConfigureModel(ModelBuilder modelBuilder)
    {
        User.Configure(modelBuilder.Entity<User>(), Dialect);
        Profile.Configure(modelBuilder.Entity<Profile>(), Dialect);
        Application.Configure(modelBuilder.Entity<Application>(), Dialect);
        Invitation.Configure(modelBuilder.Entity<Invitation>(), Dialect);
        Project.Configure(modelBuilder.Entity<Project>(), Dialect);
        Skill.Configure(modelBuilder.Entity<Skill>(), Dialect);
        UserSkill.Configure(modelBuilder.Entity<UserSkill>(), Dialect);
        ProjectSkill.Configure(modelBuilder.Entity<ProjectSkill>(), Dialect);
        ProjectViewer.Configure(modelBuilder.Entity<ProjectViewer>(), Dialect);
        Activity.Configure(modelBuilder.Entity<Activity>(), Dialect);
        ActivitySubmission.Configure(modelBuilder.Entity<ActivitySubmission>(), Dialect);
        PulpaDistribution.Configure(modelBuilder.Entity<PulpaDistribution>(), Dialect);
        TrainingProgram.Configure(modelBuilder.Entity<TrainingProgram>(), Dialect);
        ProgramActivity.Configure(modelBuilder.Entity<ProgramActivity>(), Dialect);
        ProgramEnrollment.Configure(modelBuilder.Entity<ProgramEnrollment>(), Dialect);
        Session.Configure(modelBuilder.Entity<Session>(), Dialect);
        SessionActivity.Configure(modelBuilder.Entity<SessionActivity>(), Dialect);
        Schema.Attendance.Configure(modelBuilder.Entity<Schema.Attendance>(), Dialect);
        Event.Configure(modelBuilder.Entity<Event>(), Dialect);
        LumaSyncRun.Configure(modelBuilder.Entity<LumaSyncRun>(), Dialect);
        DemoCounter.Configure(modelBuilder.Entity<DemoCounter>(), Dialect);
        FileAttachment.Configure(modelBuilder.Entity<FileAttachment>(), Dialect);

        modelBuilder.Entity<Skill>().HasData(SeedData.Skills);
        modelBuilder.Entity<TrainingProgram>().HasData(SeedData.Programs);
    }
}

/// <summary>The model on SQLite; its migrations are under <c>Migrations/Sqlite</c>.</summary>
public sealed class SqliteAppDb(DbContextOptions<SqliteAppDb> options, TimeProvider? clock = null)
    : AppDb(options, DatabaseProvider.Sqlite, clock);

/// <summary>The model on PostgreSQL; its migrations are under <c>Migrations/Postgres</c>.</summary>
public sealed class PostgresAppDb(DbContextOptions<PostgresAppDb> options, TimeProvider? clock = null)
    : AppDb(options, DatabaseProvider.Postgres, clock);
