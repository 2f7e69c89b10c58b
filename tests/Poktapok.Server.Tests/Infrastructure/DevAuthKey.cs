using Poktapok.Engine.Auth;

namespace Poktapok.Server.Tests.Infrastructure;

/// <summary>
/// A dev-token key of one test in its own temporary folder: the settings that make a server accept its tokens,
/// and the tokens themselves. The folder is deleted with it.
/// </summary>
public sealed class DevAuthKey : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "poktapok-tests", "dev-" + Guid.NewGuid().ToString("N")[..12]);
    private DevTokens? _tokens;

    public string KeyPath => Path.Combine(_directory, "key.pem");

    /// <summary>Server settings that turn dev tokens on with this key.</summary>
    public Dictionary<string, string?> Settings => new() { ["Auth:Dev:Enabled"] = "true", ["Auth:Dev:KeyPath"] = KeyPath };

    /// <summary>A token for <paramref name="subject"/>, signed with this key (created on first use).</summary>
    public string Mint(string subject, TimeSpan lifetime, DateTimeOffset? now = null) =>
        (_tokens ??= DevTokens.LoadOrCreate(KeyPath)).Mint(subject, lifetime, now: now);

    /// <summary>Another key in the same folder: its tokens are forgeries to a server that uses this one.</summary>
    public DevTokens Other() => DevTokens.LoadOrCreate(Path.Combine(_directory, "other.pem"));

    public void Dispose()
    {
        _tokens?.Dispose();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
