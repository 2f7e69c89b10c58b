using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Poktapok.Engine.Data;

/// <summary>
/// Where the data lives, parsed from the one configuration value <c>Database:Url</c>: a SQLite file path,
/// a PostgreSQL URL (<c>postgres://user:pass@host/db?sslmode=require</c>, as Neon gives it) or an Npgsql
/// connection string (<c>Host=…;Database=…</c>).
/// </summary>
public sealed record DatabaseTarget(DatabaseProvider Provider, string ConnectionString)
{
    /// <summary>The default when nothing is configured: a SQLite file under <c>.poktapok/</c>.</summary>
    public const string DefaultUrl = ".poktapok/poktapok.db";

    /// <summary>A description safe to print: host and database, never the password.</summary>
    public string Display => Provider switch
    {
        DatabaseProvider.Sqlite => $"SQLite {new SqliteConnectionStringBuilder(ConnectionString).DataSource}",
        _ => DescribePostgres(new NpgsqlConnectionStringBuilder(ConnectionString)),
    };

    /// <summary>The name of the table that records applied migrations, on both providers.</summary>
    public const string MigrationsTable = "__poktapok_migrations";

    /// <summary>Points an EF options builder at this database, with snake_case names as in the legacy schema.</summary>
    public DbContextOptionsBuilder Configure(DbContextOptionsBuilder builder, string migrationsAssembly)
    {
        _ = Provider == DatabaseProvider.Postgres
            ? builder.UseNpgsql(ConnectionString, o => o.MigrationsHistoryTable(MigrationsTable).MigrationsAssembly(migrationsAssembly))
            : builder.UseSqlite(ConnectionString, o => o.MigrationsHistoryTable(MigrationsTable).MigrationsAssembly(migrationsAssembly));
        return builder.UseSnakeCaseNamingConvention().AddInterceptors(ReadSetInterceptor.Instance);
    }

    /// <summary>Parses a <c>Database:Url</c> value; throws <see cref="DatabaseUrlException"/> with a one-line reason.</summary>
    public static DatabaseTarget Parse(string? url)
    {
        url = string.IsNullOrWhiteSpace(url) ? DefaultUrl : url.Trim();

        if (url.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            || url.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return new DatabaseTarget(DatabaseProvider.Postgres, PostgresUrlToConnectionString(url));
        }

        if (url.Contains('=', StringComparison.Ordinal) && url.Contains(';', StringComparison.Ordinal)
            || url.StartsWith("Host=", StringComparison.OrdinalIgnoreCase)
            || url.StartsWith("Server=", StringComparison.OrdinalIgnoreCase))
        {
            return ParseKeyValue(url);
        }

        if (url.Contains("://", StringComparison.Ordinal))
        {
            throw new DatabaseUrlException(
                $"Database:Url '{Redact(url)}' has an unsupported scheme; use a SQLite file path or a postgres:// URL.");
        }

        var path = url.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase) ? url["sqlite:".Length..] : url;
        if (path.Length == 0)
        {
            throw new DatabaseUrlException("Database:Url 'sqlite:' names no file.");
        }

        return new DatabaseTarget(DatabaseProvider.Sqlite, new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Pooling = true,
            ForeignKeys = true,
        }.ToString());
    }

    /// <summary>The same target with another database name (tests and tools create sibling databases).</summary>
    public DatabaseTarget WithDatabase(string database) => Provider switch
    {
        DatabaseProvider.Postgres => this with
        {
            ConnectionString = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = database }.ToString(),
        },
        _ => this with
        {
            ConnectionString = new SqliteConnectionStringBuilder(ConnectionString) { DataSource = database }.ToString(),
        },
    };

    private static DatabaseTarget ParseKeyValue(string value)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(value);
            if (string.IsNullOrEmpty(builder.Host))
            {
                throw new DatabaseUrlException("Database:Url is a connection string without Host.");
            }

            return new DatabaseTarget(DatabaseProvider.Postgres, builder.ToString());
        }
        catch (ArgumentException e)
        {
            throw new DatabaseUrlException($"Database:Url is not a valid PostgreSQL connection string: {e.Message}");
        }
    }

    private static string PostgresUrlToConnectionString(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new DatabaseUrlException($"Database:Url '{Redact(url)}' is not a valid postgres:// URL.");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')) is { Length: > 0 } db ? db : "postgres",
        };

        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..]);
            ApplyUrlParameter(builder, key, value, url);
        }

        return builder.ToString();
    }

    // libpq URL parameters that Neon and other hosts put in their URLs, mapped to Npgsql's names.
    private static void ApplyUrlParameter(NpgsqlConnectionStringBuilder builder, string key, string value, string url)
    {
        switch (key.ToLowerInvariant())
        {
            case "sslmode":
                builder.SslMode = value.ToLowerInvariant() switch
                {
                    "disable" => SslMode.Disable,
                    "allow" => SslMode.Allow,
                    "prefer" => SslMode.Prefer,
                    "require" => SslMode.Require,
                    "verify-ca" => SslMode.VerifyCA,
                    "verify-full" => SslMode.VerifyFull,
                    _ => throw new DatabaseUrlException($"Database:Url has an unknown sslmode '{value}'."),
                };
                break;
            case "channel_binding":
                builder.ChannelBinding = value.ToLowerInvariant() switch
                {
                    "disable" => ChannelBinding.Disable,
                    "prefer" => ChannelBinding.Prefer,
                    "require" => ChannelBinding.Require,
                    _ => throw new DatabaseUrlException($"Database:Url has an unknown channel_binding '{value}'."),
                };
                break;
            case "connect_timeout":
                builder.Timeout = ParseInt(key, value);
                break;
            case "application_name":
                builder.ApplicationName = value;
                break;
            case "options":
                builder.Options = value;
                break;
            default:
                try
                {
                    builder[key] = value;
                }
                catch (ArgumentException)
                {
                    throw new DatabaseUrlException($"Database:Url '{Redact(url)}' has an unknown parameter '{key}'.");
                }

                break;
        }
    }

    private static int ParseInt(string key, string value) =>
        int.TryParse(value, out var n) && n >= 0
            ? n
            : throw new DatabaseUrlException($"Database:Url parameter {key} must be a whole number, not '{value}'.");

    private static string DescribePostgres(NpgsqlConnectionStringBuilder b) =>
        $"PostgreSQL {b.Host}:{b.Port}/{b.Database}";

    /// <summary>Hides the password of a URL so that it can be printed in an error.</summary>
    public static string Redact(string url)
    {
        var at = url.IndexOf('@', StringComparison.Ordinal);
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (at < 0 || scheme < 0 || at < scheme)
        {
            return url;
        }

        var userInfo = url[(scheme + 3)..at];
        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? url : url[..(scheme + 3)] + userInfo[..colon] + ":***" + url[at..];
    }
}

/// <summary>A <c>Database:Url</c> that cannot be used; the message is one line, fit for a CLI error.</summary>
public sealed class DatabaseUrlException(string message) : Exception(message);
