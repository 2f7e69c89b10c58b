using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Poktapok.App;
using Poktapok.App.Data;
using Poktapok.App.Luma;
using Poktapok.Engine.Data;
using Poktapok.Engine.Functions;
using Poktapok.Engine.Auth;
using Poktapok.Engine.Live;
using Poktapok.Engine.Scheduling;
using Poktapok.Engine.Storage;
using Poktapok.Server.Http;
using Poktapok.Server.Sync;

namespace Poktapok.Server.Hosting;

/// <summary>Builds the web host: services, then the routes of every family, one call each.</summary>
public static class ServerHost
{
    public const string DefaultUrls = "http://127.0.0.1:3210";

    /// <summary>Builds the host; <paramref name="configure"/> replaces services after the defaults (tests give the server a clock or their own crons).</summary>
    public static WebApplication Build(IConfiguration configuration, DatabaseTarget target, Action<IServiceCollection>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddConfiguration(configuration);
        builder.WebHost.UseUrls(configuration["Urls"] ?? DefaultUrls);
        builder.Services.AddPoktapokStorage(configuration);
        builder.Services.AddPoktapokFunctions(target);
        builder.Services.AddPoktapokLiveQueries(configuration);
        builder.Services.AddLuma(configuration);
        builder.Services.AddPoktapokScheduler(configuration);
        configure?.Invoke(builder.Services);

        var app = builder.Build();
        // Build the function registry now, so a malformed function stops start-up instead of failing a call.
        _ = app.Services.GetRequiredService<FunctionRunner<AppDb>>();
        // And the crons: one whose function or arguments do not fit stops start-up too.
        _ = app.Services.GetRequiredService<JobScheduler<AppDb>>();
        app.UseTolerantPaths();
        app.UseConvexCors();
        // WebSocket pings (every 5 s by default); a client that answers none within the timeout is dropped as dead.
        app.UseWebSockets(new WebSocketOptions
        {
            KeepAliveInterval = LiveQueriesService.WebSocketPingInterval(configuration),
            KeepAliveTimeout = LiveQueriesService.DeadClientTimeout(configuration),
        });
        app.UseRouting();
        app.MapHealth();
        app.MapConvexHttpApi();
        app.MapSync();
        app.MapEventsRoute();
        app.MapLumaRoute();
        app.MapStorageRoutes();
        app.Map("/api/{**rest}", (HttpContext http) =>
            ConvexHttpApi.ErrorAsync(http, StatusCodes.Status404NotFound, "NOT_FOUND", $"No route {http.Request.Method} {http.Request.Path}."));
        return app;
    }

    /// <summary>The function runtime over the configured database. The registry is built (and checked) here, once.</summary>
    public static IServiceCollection AddPoktapokFunctions(this IServiceCollection services, DatabaseTarget target)
    {
        services.AddSingleton(target);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(_ => AppFunctions.CreateValueMapper());
        services.AddSingleton(sp => AppFunctions.CreateRegistry(sp.GetRequiredService<ValueMapper>()));
        services.AddSingleton(sp => new TransactionRunner<AppDb>(clock => AppDb.Open(target, clock), target.Provider,
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new FunctionRunner<AppDb>(
            sp.GetRequiredService<FunctionRegistry>(),
            sp.GetRequiredService<ValueMapper>(),
            sp.GetRequiredService<TransactionRunner<AppDb>>(),
            new HttpClient { Timeout = TimeSpan.FromSeconds(30) },
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Poktapok.Functions"),
            sp,
            sp.GetService<FileStorage<AppDb>>()));
        return services;
    }

    /// <summary>Live queries and the sync protocol's sessions, running for the lifetime of the host.</summary>
    public static IServiceCollection AddPoktapokLiveQueries(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(LiveQueriesService.ReadOptions(configuration));
        // Token providers (Privy, custom JWT issuers, dev tokens) and the admin key, from Auth:*. Checked here, so
        // settings that cannot work stop start-up with one line (AuthConfigurationException) before the host starts.
        AuthConfiguration.Validate(configuration);
        services.AddSingleton(sp => AuthConfiguration.CreateVerifier(
            configuration, logger: sp.GetRequiredService<ILoggerFactory>().CreateLogger("Poktapok.Auth")));
        services.AddSingleton(sp => new LiveQueries<AppDb>(
            sp.GetRequiredService<FunctionRunner<AppDb>>(),
            sp.GetRequiredService<ITokenVerifier>(),
            sp.GetRequiredService<LiveOptions>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Poktapok.Sync")));
        services.AddHostedService<LiveQueriesService>();
        return services;
    }

    /// <summary>
    /// The scheduler: jobs scheduled by mutations and the app's crons (<see cref="Crons"/>), run on every node,
    /// each job once (<c>Scheduler:*</c>; the Luma sync's schedule is <c>Luma:SyncSchedule</c>).
    /// </summary>
    public static IServiceCollection AddPoktapokScheduler(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(SchedulerService.ReadOptions(configuration));
        services.AddSingleton(_ => Crons.Declare(new CronSettings
        {
            LumaCalendarSlug = configuration["Luma:CalendarSlug"] is { Length: > 0 } slug ? slug : new CronSettings().LumaCalendarSlug,
            LumaSyncSchedule = configuration["Luma:SyncSchedule"] is { Length: > 0 } schedule ? schedule : CronSettings.DailyAtNoon,
        }));
        services.AddSingleton(sp => new JobScheduler<AppDb>(
            sp.GetRequiredService<FunctionRunner<AppDb>>(),
            sp.GetRequiredService<TransactionRunner<AppDb>>(),
            sp.GetRequiredService<CronTable>(),
            sp.GetRequiredService<SchedulerOptions>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Poktapok.Scheduler")));
        services.AddHostedService<SchedulerService>();
        return services;
    }

    /// <summary><c>GET /health</c>: 200 when the database answers, 503 when it does not.</summary>
    public static void MapHealth(this IEndpointRouteBuilder routes)
    {
        var version = typeof(ServerHost).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        routes.MapGet("/health", async (DatabaseTarget target, CancellationToken ct) =>
        {
            await using var db = AppDb.Open(target);
            var ok = await db.Database.CanConnectAsync(ct);
            return Results.Json(
                new { status = ok ? "ok" : "error", version, database = ok ? "ok" : "error" },
                statusCode: ok ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
    }
}
