using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Poktapok.App.Data;
using Poktapok.Engine.Data;

namespace Poktapok.Server.Hosting;

/// <summary>Builds the web host: the routes of every family are mapped here, one call each.</summary>
public static class ServerHost
{
    public const string DefaultUrls = "http://127.0.0.1:3210";

    public static WebApplication Build(IConfiguration configuration, DatabaseTarget target)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddConfiguration(configuration);
        builder.WebHost.UseUrls(configuration["Urls"] ?? DefaultUrls);
        builder.Services.AddSingleton(target);

        var app = builder.Build();
        app.MapHealth();
        return app;
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
