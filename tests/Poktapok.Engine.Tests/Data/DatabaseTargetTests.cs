using Npgsql;
using Poktapok.Engine.Data;

namespace Poktapok.Engine.Tests.Data;

public sealed class DatabaseTargetTests
{
    [Fact]
    public void nothing_configured_means_the_embedded_sqlite_file()
    {
        var target = DatabaseTarget.Parse(null);

        target.Provider.ShouldBe(DatabaseProvider.Sqlite);
        target.Display.ShouldBe("SQLite .poktapok/poktapok.db");
    }

    [Theory]
    [InlineData("data/app.db", "data/app.db")]
    [InlineData("sqlite:/var/lib/poktapok.db", "/var/lib/poktapok.db")]
    public void a_path_is_a_sqlite_file(string url, string file)
    {
        var target = DatabaseTarget.Parse(url);

        target.Provider.ShouldBe(DatabaseProvider.Sqlite);
        target.Display.ShouldBe("SQLite " + file);
    }

    [Fact]
    public void a_neon_url_becomes_an_npgsql_connection_string()
    {
        var target = DatabaseTarget.Parse(
            "postgresql://frutero:p%40ss@ep-cool-name-123.us-east-2.aws.neon.tech/neondb?sslmode=require&channel_binding=require");

        target.Provider.ShouldBe(DatabaseProvider.Postgres);
        var b = new NpgsqlConnectionStringBuilder(target.ConnectionString);
        b.Host.ShouldBe("ep-cool-name-123.us-east-2.aws.neon.tech");
        b.Port.ShouldBe(5432);
        b.Database.ShouldBe("neondb");
        b.Username.ShouldBe("frutero");
        b.Password.ShouldBe("p@ss");
        b.SslMode.ShouldBe(SslMode.Require);
        b.ChannelBinding.ShouldBe(ChannelBinding.Require);
        target.Display.ShouldBe("PostgreSQL ep-cool-name-123.us-east-2.aws.neon.tech:5432/neondb");
    }

    [Fact]
    public void a_url_port_and_options_are_kept()
    {
        var b = new NpgsqlConnectionStringBuilder(
            DatabaseTarget.Parse("postgres://u@127.0.0.1:6543/app?connect_timeout=7&application_name=poktapok").ConnectionString);

        b.Port.ShouldBe(6543);
        b.Timeout.ShouldBe(7);
        b.ApplicationName.ShouldBe("poktapok");
    }

    [Fact]
    public void an_npgsql_connection_string_is_taken_as_it_is()
    {
        var target = DatabaseTarget.Parse("Host=db.internal;Port=5433;Database=poktapok;Username=app");

        target.Provider.ShouldBe(DatabaseProvider.Postgres);
        new NpgsqlConnectionStringBuilder(target.ConnectionString).Port.ShouldBe(5433);
    }

    [Theory]
    [InlineData("mysql://root@localhost/app", "unsupported scheme")]
    [InlineData("postgres://u@host/db?sslmode=sometimes", "unknown sslmode")]
    [InlineData("postgres://u@host/db?bogus_option=1", "unknown parameter 'bogus_option'")]
    [InlineData("postgres://u@host/db?connect_timeout=soon", "must be a whole number")]
    [InlineData("sqlite:", "names no file")]
    [InlineData("Database=x;Username=y", "without Host")]
    public void a_bad_url_is_refused_in_one_line(string url, string reason)
    {
        var error = Should.Throw<DatabaseUrlException>(() => DatabaseTarget.Parse(url));

        error.Message.ShouldContain(reason);
        error.Message.ShouldNotContain("\n");
    }

    [Fact]
    public void errors_never_print_the_password()
    {
        var error = Should.Throw<DatabaseUrlException>(() => DatabaseTarget.Parse("postgres://u:hunter2@host/db?sslmode=nope"));

        error.Message.ShouldNotContain("hunter2");
        DatabaseTarget.Redact("postgres://u:hunter2@host/db").ShouldBe("postgres://u:***@host/db");
    }

    [Fact]
    public void with_database_names_a_sibling_database()
    {
        var sibling = DatabaseTarget.Parse("postgres://u@host/main").WithDatabase("other");

        new NpgsqlConnectionStringBuilder(sibling.ConnectionString).Database.ShouldBe("other");
    }
}
