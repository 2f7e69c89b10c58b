namespace Poktapok.Server.Tests.Infrastructure;

/// <summary>Paths in the repository the tests run from.</summary>
public static class Repository
{
    /// <summary>The directory holding <c>Poktapok.slnx</c>, found upwards from the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Poktapok.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Poktapok.slnx above {AppContext.BaseDirectory}.");
    }
}
