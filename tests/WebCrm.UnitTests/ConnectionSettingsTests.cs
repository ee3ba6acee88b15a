using Npgsql;
using WebCrm.Data;

namespace WebCrm.UnitTests;

/// <summary>
/// The app's PostgreSQL connection settings: jit off, no reset of a pooled connection, and its most used statements
/// kept prepared, unless the connection string says otherwise.
/// </summary>
public sealed class ConnectionSettingsTests
{
    private const string Server = "Host=db;Port=5432;Database=crm;Username=crm;Password=secret";

    [Fact]
    public void A_plain_connection_string_gets_jit_off_no_reset_on_close_and_auto_prepare()
    {
        var built = new NpgsqlConnectionStringBuilder(DbContextOptionsSetup.PostgreSqlSettings(Server));
        Assert.True(built.NoResetOnClose);
        Assert.Equal("-c jit=off -c plan_cache_mode=force_custom_plan", built.Options);
        Assert.Equal(DbContextOptionsSetup.AutoPreparedStatements, built.MaxAutoPrepare);
        Assert.True(DbContextOptionsSetup.AutoPreparedStatements > 0);
        Assert.Equal("crm", built.Database);
        Assert.Equal("secret", built.Password);
    }

    [Theory]
    [InlineData("No Reset On Close=false")]
    [InlineData("NoResetOnClose=False")]
    [InlineData("no reset on close=false")]
    public void A_connection_string_that_names_the_reset_keeps_its_own_choice(string setting)
    {
        var given = $"{Server};{setting}";
        Assert.Equal(given, DbContextOptionsSetup.WithoutResetOnClose(given));
        Assert.False(new NpgsqlConnectionStringBuilder(DbContextOptionsSetup.WithoutResetOnClose(given)).NoResetOnClose);
    }

    [Theory]
    [InlineData("Max Auto Prepare=0", 0)]
    [InlineData("MaxAutoPrepare=7", 7)]
    [InlineData("max auto prepare=0", 0)]
    public void A_connection_string_that_names_auto_prepare_keeps_its_own_choice(string setting, int expected)
    {
        var given = $"{Server};{setting}";
        Assert.Equal(given, DbContextOptionsSetup.WithAutoPrepare(given));
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(DbContextOptionsSetup.WithAutoPrepare(given)).MaxAutoPrepare);
    }

    [Fact]
    public void Prepared_statements_are_planned_with_each_runs_values_unless_the_options_say_otherwise()
    {
        Assert.Equal("-c plan_cache_mode=force_custom_plan", new NpgsqlConnectionStringBuilder(DbContextOptionsSetup.WithAutoPrepare(Server)).Options);
        var own = $"{Server};Options=-c plan_cache_mode=auto";
        Assert.Equal("-c plan_cache_mode=auto", new NpgsqlConnectionStringBuilder(DbContextOptionsSetup.WithAutoPrepare(own)).Options);
    }
}
