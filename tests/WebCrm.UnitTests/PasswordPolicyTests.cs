using WebCrm.Web.Infrastructure.Security;

namespace WebCrm.UnitTests;

public sealed class PasswordPolicyTests
{
    [Theory]
    [InlineData("1234567890")]
    [InlineData("qwertyuiop")]
    [InlineData("Password123")]
    [InlineData("ЙЦУКЕНГШЩЗ")]
    public void Common_passwords_are_listed(string password) => Assert.True(CommonPasswordValidator.IsListed(password));

    [Theory]
    [InlineData("Copper kettle sings 9")]
    [InlineData("demo-crm-2026")]
    public void Ordinary_passphrases_are_not(string password) => Assert.False(CommonPasswordValidator.IsListed(password));
}
