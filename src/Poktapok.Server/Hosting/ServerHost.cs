using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Poktapok.App;
using Poktapok.App.Data;
using Poktapok.Engine.Data;
using Poktapok.Engine.Functions;
using Poktapok.Server.Http;

namespace Poktapok.Server.Hosting;

/// <summary>Builds the web host: services, then the routes of every family, one call each.</summary>
public static class ServerHost
{
    public const string DefaultUrls = "http://127.0.0.1:3210";

    public static WebApplication Build(IConfiguration configuration, DatabaseTarget target)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddConfiguration(configuration);
        builder.WebHost.UseUrls(configuration["Urls"] ?? DefaultUrls);
        builder.Services.AddPoktapokFunctions(target);

        var app = builder.Build();
        // Build the function registry now, so a malformed function stops start-up instead of failing a call.
        _ = app.Services.GetRequiredService<FunctionRunner<AppDb>>();
        app.UseTolerantPaths();
        app.UseConvexCors();
        app.UseRouting();
        app.MapHealth();
        app.MapConvexHttpApi();
        app.Map("/api/{**rest}", (HttpContext http) =>
            ConvexHttpApi.ErrorAsync(http, StatusCodes.Status404NotFound, "NOT_FOUND", $"No route {http.Request.Method} {http.Request.Path}."));
        return app;
    }

    /// <summary>The function runtime over the configured database. The registry is built (and checked) here, once.</summary>
    public static IServiceCollection AddPoktapokFunctions(this IServiceCollection services, DatabaseTarget target)
    {
        services.AddSingleton(target);
        services.AddSingleton(_ => AppFunctions.CreateValueMapper());
        services.AddSingleton(sp => AppFunctions.CreateRegistry(sp.GetRequiredService<ValueMapper>()));
        services.AddSingleton(_ => new TransactionRunner<AppDb>(clock => AppDb.Open(target, clock), target.Provider));
        services.AddSingleton(sp => new FunctionRunner<AppDb>(
            sp.GetRequiredService<FunctionRegistry>(),
            sp.GetRequiredService<ValueMapper>(),
            sp.GetRequiredService<TransactionRunner<AppDb>>(),
            new HttpClient { Timeout = TimeSpan.FromSeconds(30) },
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Poktapok.Functions")));
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
