using Microsoft.Extensions.Configuration;

namespace Poktapok.Server.Cli;

/// <summary>
/// Where settings come from, lowest to highest precedence: <c>appsettings.json</c> beside the executable,
/// <c>appsettings.{Environment}.json</c>, environment variables with the <c>POKTAPOK_</c> prefix in .NET's
/// form (<c>POKTAPOK_Database__Url</c> sets <c>Database:Url</c>), then command-line options.
/// </summary>
public static class PoktapokConfiguration
{
    public const string EnvironmentPrefix = "POKTAPOK_";

    public static IConfigurationBuilder AddPoktapokSources(this IConfigurationBuilder builder, IDictionary<string, string?>? overrides)
    {
        var environment = Environment.GetEnvironmentVariable(EnvironmentPrefix + "Environment")
            ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
            ?? "Production";
        builder
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddEnvironmentVariables(EnvironmentPrefix);
        if (overrides is { Count: > 0 })
        {
            builder.AddInMemoryCollection(overrides);
        }

        return builder;
    }

    public static IConfiguration Build(IDictionary<string, string?>? overrides = null) =>
        new ConfigurationBuilder().AddPoktapokSources(overrides).Build();
}
