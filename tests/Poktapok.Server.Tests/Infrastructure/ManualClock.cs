namespace Poktapok.Server.Tests.Infrastructure;

/// <summary>A clock a test sets by hand.</summary>
public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
