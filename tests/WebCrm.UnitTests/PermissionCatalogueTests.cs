using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using WebCrm.Domain.Security;
using WebCrm.Web.Infrastructure.Authorization;

namespace WebCrm.UnitTests;

public sealed class PermissionCatalogueTests
{
    [Fact]
    public void Every_permission_constant_is_in_the_catalogue_once_with_both_languages()
    {
        var constants = typeof(Permissions).GetNestedTypes()
            .SelectMany(t => t.GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetValue(null)!)).ToList();
        Assert.Equal(constants.Order(), PermissionCatalogue.All.Select(p => p.Name).Order());
        Assert.Equal(PermissionCatalogue.All.Count, PermissionCatalogue.All.Select(p => p.Name).Distinct().Count());
        foreach (var p in PermissionCatalogue.All)
        {
            Assert.False(string.IsNullOrWhiteSpace(p.DisplayName.En), p.Name);
            Assert.False(string.IsNullOrWhiteSpace(p.DisplayName.Ru), p.Name);
            Assert.False(string.IsNullOrWhiteSpace(p.Description.En), p.Name);
            Assert.False(string.IsNullOrWhiteSpace(p.Description.Ru), p.Name);
            Assert.Matches("[а-яА-ЯёЁ]", p.DisplayName.Ru);
            Assert.StartsWith(p.Module + ".", p.Name);
        }
    }

    [Fact]
    public void The_catalogue_covers_the_rights_the_product_names()
    {
        string[] required =
        [
            "Clients.ViewOwn", "Clients.ViewAll", "Clients.Create", "Clients.Edit", "Clients.Delete", "Clients.Reassign", "Clients.Export",
            "Deals.ViewOwn", "Deals.ViewAll", "Deals.Create", "Deals.Edit", "Deals.Delete", "Deals.Reassign", "Deals.Export",
            "Calendar.ViewOthers", "Calendar.EditOthers", "Packages.Send", "Packages.ManageMaterials", "Reports.View", "Reports.Export",
            "Funnel.View", "KnowledgeBase.View", "KnowledgeBase.Edit", "ReferenceLists.Edit", "Users.Manage",
        ];
        Assert.All(required, r => Assert.True(PermissionCatalogue.IsKnown(r), r));
    }

    [Fact]
    public void Templates_hold_only_known_permissions_and_differ_as_the_roles_do()
    {
        Assert.All(RoleTemplates.All.SelectMany(t => t.Permissions), p => Assert.True(PermissionCatalogue.IsKnown(p), p));
        Assert.Contains(Permissions.Clients.ViewOwn, RoleTemplates.Manager.Permissions);
        Assert.DoesNotContain(Permissions.Clients.ViewAll, RoleTemplates.Manager.Permissions);
        Assert.Contains(Permissions.Clients.ViewAll, RoleTemplates.Director.Permissions);
        Assert.Contains(Permissions.Reports.Export, RoleTemplates.Director.Permissions);
        Assert.DoesNotContain(Permissions.Users.Manage, RoleTemplates.Director.Permissions);
        Assert.Equal(PermissionCatalogue.All.Count, RoleTemplates.Administrator.Permissions.Count);
        Assert.Contains(Permissions.KnowledgeBase.Edit, RoleTemplates.Support.Permissions);
    }

    [Fact]
    public async Task One_policy_per_permission_requires_exactly_that_claim()
    {
        var services = new ServiceCollection().AddLogging().AddCrmAuthorization().BuildServiceProvider();
        var provider = services.GetRequiredService<IAuthorizationPolicyProvider>();
        foreach (var permission in PermissionCatalogue.All)
        {
            var policy = await provider.GetPolicyAsync(permission.Name);
            Assert.NotNull(policy);
            var claim = policy.Requirements.OfType<Microsoft.AspNetCore.Authorization.Infrastructure.ClaimsAuthorizationRequirement>().Single();
            Assert.Equal(Permissions.ClaimType, claim.ClaimType);
            Assert.Equal([permission.Name], claim.AllowedValues);
        }
        // Pages without an [Authorize] of their own still need a signed-in user: exactly that, nothing more.
        var fallback = await provider.GetFallbackPolicyAsync();
        Assert.NotNull(fallback);
        Assert.IsType<DenyAnonymousAuthorizationRequirement>(Assert.Single(fallback.Requirements));
    }

    [Theory]
    [InlineData(new[] { "a" }, "a", false, true)]
    [InlineData(new[] { "a", "b" }, "a", false, false)]
    [InlineData(new[] { "a" }, "a", true, false)]
    [InlineData(new[] { "b" }, "a", false, false)]
    public void The_last_administrator_is_protected(string[] admins, string target, bool keeps, bool refused) =>
        Assert.Equal(refused, RightsRules.WouldRemoveLastAdministrator(target, admins, keeps));
}
