using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Poktapok.App.Data;
using Poktapok.Engine.Data;
using Poktapok.Engine.Storage;

namespace Poktapok.Server.Hosting;

/// <summary>
/// File storage from the <c>Storage</c> configuration section: the rules (<see cref="StorageOptions"/>), the blob
/// store (<c>Storage:Backend</c> = <c>disk</c>, <c>database</c> or <c>s3</c>) and the janitor that sweeps what
/// crashes and abandoned uploads leave.
/// </summary>
public static class StorageConfiguration
{
    public const string DefaultDirectory = ".poktapok/files";

    /// <summary>Registers <see cref="FileStorage{TDb}"/>; settings that cannot work stop start-up (<see cref="StorageConfigurationException"/>).</summary>
    public static IServiceCollection AddPoktapokStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection("Storage");
        var backend = section["Backend"] is { Length: > 0 } named ? named.ToLowerInvariant() : "disk";
        if (backend is not ("disk" or "database" or "s3"))
        {
            throw new StorageConfigurationException($"Storage:Backend must be disk, database or s3, not '{backend}'.");
        }

        var s3 = backend == "s3" ? ReadS3(section.GetSection("S3")) : null;
        var publicUrl = section["PublicUrl"] is { Length: > 0 } url ? ParseOrigin(url) : null;
        var maxBytes = section.GetValue<long?>("MaxUploadBytes") ?? StorageOptions.DefaultMaxUploadBytes;
        if (maxBytes <= 0)
        {
            throw new StorageConfigurationException("Storage:MaxUploadBytes must be a positive number of bytes.");
        }

        var types = section.GetSection("AllowedContentTypes").Get<string[]>() is { Length: > 0 } configured
            ? configured
            : StorageOptions.DefaultContentTypes;
        services.AddSingleton(sp => new StorageOptions
        {
            PublicUrl = publicUrl,
            ServerAddress = () => ListeningAddress(sp.GetRequiredService<IServer>()),
            MaxUploadBytes = maxBytes,
            AllowedContentTypes = types,
            UploadUrlLifetime = section.GetValue<double?>("UploadUrlMinutes") is > 0 and var minutes
                ? TimeSpan.FromMinutes(minutes)
                : TimeSpan.FromHours(1),
        });
        services.AddSingleton<IBlobStore>(sp => backend switch
        {
            "database" => new DatabaseBlobStore<AppDb>(sp.GetRequiredService<TransactionRunner<AppDb>>()),
            "s3" => new S3BlobStore(s3!),
            _ => new DiskBlobStore(section["Directory"] is { Length: > 0 } directory ? directory : DefaultDirectory),
        });
        services.AddSingleton(sp => new FileStorage<AppDb>(
            sp.GetRequiredService<StorageOptions>(),
            sp.GetRequiredService<IBlobStore>(),
            sp.GetRequiredService<TransactionRunner<AppDb>>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Poktapok.Storage")));
        var interval = section.GetValue<double?>("JanitorIntervalMinutes") is > 0 and var every ? TimeSpan.FromMinutes(every) : TimeSpan.FromMinutes(10);
        services.AddHostedService(sp => new StorageJanitor(sp.GetRequiredService<FileStorage<AppDb>>(), interval,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger("Poktapok.Storage")));
        return services;
    }

    private static S3Settings ReadS3(IConfigurationSection s3)
    {
        if (s3["Bucket"] is not { Length: > 0 } bucket)
        {
            throw new StorageConfigurationException("Storage:Backend is s3 but Storage:S3:Bucket is not set.");
        }

        return new S3Settings
        {
            Bucket = bucket,
            ServiceUrl = s3["ServiceUrl"] is { Length: > 0 } url ? ParseOrigin(url, "Storage:S3:ServiceUrl") : null,
            Region = s3["Region"] is { Length: > 0 } region ? region : "us-east-1",
            AccessKey = s3["AccessKey"] is { Length: > 0 } key ? key : null,
            SecretKey = s3["SecretKey"],
            Prefix = s3["Prefix"] ?? "",
            ForcePathStyle = s3.GetValue("ForcePathStyle", true),
        };
    }

    private static Uri ParseOrigin(string value, string key = "Storage:PublicUrl") =>
        Uri.TryCreate(value.EndsWith('/') ? value : value + "/", UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new StorageConfigurationException($"{key} must be an absolute http(s) URL, not '{value}'.");

    // The first address Kestrel listens on (its real port once started), with a wildcard host made local.
    private static Uri ListeningAddress(IServer server)
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Set Storage:PublicUrl: the server's address is not known.");
        var uri = new UriBuilder(address.Replace("://+", "://localhost", StringComparison.Ordinal)
            .Replace("://*", "://localhost", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal)
            .Replace("://[::]", "://localhost", StringComparison.Ordinal)) { Path = "/" };
        return uri.Uri;
    }
}

/// <summary>Settings under <c>Storage</c> that cannot work.</summary>
public sealed class StorageConfigurationException(string message) : Exception(message);

/// <summary>Every few minutes, deletes blobs a crash or an abandoned upload left behind, and forgets old upload URLs.</summary>
internal sealed class StorageJanitor(FileStorage<AppDb> storage, TimeSpan interval, TimeProvider clock, ILogger logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                if (await storage.SweepAsync(stoppingToken) is > 0 and var swept)
                {
                    logger.LogInformation("Storage janitor deleted {Count} leftover blob(s)", swept);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Storage janitor round failed; it runs again in {Interval}", interval);
            }
        }
    }
}
