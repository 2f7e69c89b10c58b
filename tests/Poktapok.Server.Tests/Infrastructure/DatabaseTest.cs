namespace Poktapok.Server.Tests.Infrastructure;

/// <summary>A test class whose every test gets its own fresh database (see <see cref="TestDatabase"/>).</summary>
public abstract class DatabaseTest : IAsyncLifetime
{
    protected TestDatabase Database { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Database = await TestDatabase.CreateAsync();

    public ValueTask DisposeAsync() => Database.DisposeAsync();

    /// <summary>Changes a freshly built row, so a case reads as "a minimal user, but with this username".</summary>
    protected static T With<T>(T row, Action<T> change)
    {
        change(row);
        return row;
    }
}
