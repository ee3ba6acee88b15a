using System.Reflection;
using Xunit.v3;

namespace WebCrm.FunctionalTests.Infrastructure;

/// <summary>
/// Fails every test of a class that needs PostgreSQL (its constructor takes a <see cref="PostgreSqlApp"/>) with one
/// line saying how to run it, when no server is configured. Never a skip: a green run without PostgreSQL would hide
/// half the suite. The SQLite and plain tests of the assembly run as usual.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class RequiresDatabaseAttribute : BeforeAfterTestAttribute
{
    public override void Before(MethodInfo methodUnderTest, IXunitTest test)
    {
        if (!PostgreSqlApp.ServerConfigured && NeedsPostgreSql(test.TestCase.TestClass.Class))
        {
            Assert.Fail(PostgreSqlApp.MissingServerMessage);
        }
    }

    public static bool NeedsPostgreSql(Type testClass) =>
        testClass.GetConstructors().Any(c => c.GetParameters().Any(p => typeof(PostgreSqlApp).IsAssignableFrom(p.ParameterType)));
}
