using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Poktapok.App.Luma;

public static class LumaServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="LumaOptions"/> (read and validated now, so bad settings stop start-up with one line)
    /// and a singleton <see cref="LumaClient"/> on the resilient, host-restricted HTTP client.
    /// </summary>
    public static IServiceCollection AddLuma(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = LumaOptions.From(configuration);
        services.TryAddSingleton(options);
        services.TryAddSingleton(sp =>
        {
            var registered = sp.GetRequiredService<LumaOptions>();
            return new LumaClient(
                LumaClient.CreateHttpClient(registered, sp.GetService<ILoggerFactory>()),
                registered,
                sp.GetService<ILogger<LumaClient>>(),
                sp.GetService<TimeProvider>());
        });
        return services;
    }
}
