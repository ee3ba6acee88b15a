using WebCrm.FunctionalTests.Infrastructure;

[assembly: AssemblyFixture(typeof(SqliteApp))]
[assembly: AssemblyFixture(typeof(PostgreSqlApp))]
[assembly: RequiresDatabase]
