using HeartRateStreamer.StreamServer.Storage;
using Npgsql;

namespace HeartRateStreamer.StreamServer.Tests.Storage;

/// <summary>--store takes the postgres:// URL that libpq and hosting services print; a bad one is refused with what to give.</summary>
public sealed class PostgresAddressTests
{
    [Fact]
    public void AFullAddressBecomesTheConnectionStringAndIsShownWithoutItsPassword()
    {
        PostgresAddress address = PostgresAddress.Parse("postgres://streams:p%40ss@db.example.org:6432/plots?sslmode=require");

        var settings = new NpgsqlConnectionStringBuilder(address.ConnectionString);
        Assert.Equal(("db.example.org", 6432, "plots", "streams", "p@ss", SslMode.Require),
            (settings.Host, settings.Port, settings.Database, settings.Username, settings.Password, settings.SslMode));
        Assert.Equal("postgres://streams@db.example.org:6432/plots", address.Shown);
    }

    [Fact]
    public void WithoutPortOrPasswordThePostgresDefaultsApply()
    {
        var settings = new NpgsqlConnectionStringBuilder(PostgresAddress.Parse("postgresql://streams@127.0.0.1/plots").ConnectionString);

        Assert.Equal(5432, settings.Port);
        Assert.Null(settings.Password); // then PGPASSWORD or ~/.pgpass, as psql does
    }

    [Fact]
    public void TheStoreWaitsForTheDatabaseSecondsNotNpgsqlsDefaults()
    {
        var settings = new NpgsqlConnectionStringBuilder(PostgresAddress.Parse("postgres://streams@127.0.0.1/plots").ConnectionString);
        var npgsqlDefaults = new NpgsqlConnectionStringBuilder();

        // A database that hangs cost the saver Npgsql's 15 s per connection and 30 s per command (HungDatabaseTests).
        Assert.Equal((PostgresAddress.ConnectTimeoutSeconds, PostgresAddress.CommandTimeoutSeconds), (settings.Timeout, settings.CommandTimeout));
        Assert.True(settings.Timeout < npgsqlDefaults.Timeout && settings.CommandTimeout < npgsqlDefaults.CommandTimeout);
    }

    [Theory]
    [InlineData("mysql://u@h/d", "is not a PostgreSQL address")]
    [InlineData("postgres://127.0.0.1/plots", "needs a user and a database name")]
    [InlineData("postgres://u@127.0.0.1", "needs a user and a database name")]
    [InlineData("postgres://u@127.0.0.1/d?timeout=5", "the one setting taken after '?' is sslmode")]
    public void ABadAddressSaysWhatIsWrongAndWhatToGive(string given, string expected)
    {
        var refused = Assert.Throws<ArgumentException>(() => PostgresAddress.Parse(given));

        Assert.Contains(expected, refused.Message);
    }

    [Fact]
    public void ARefusedAddressDoesNotRepeatItsPassword()
    {
        var refused = Assert.Throws<ArgumentException>(() => PostgresAddress.Parse("postgres://u:hunter2@127.0.0.1"));

        Assert.DoesNotContain("hunter2", refused.Message);
    }
}
