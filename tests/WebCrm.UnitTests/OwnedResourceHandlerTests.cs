using System.Linq.Expressions;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using WebCrm.Domain.Security;
using WebCrm.Web.Infrastructure.Authorization;

namespace WebCrm.UnitTests;

public sealed class OwnedResourceHandlerTests
{
    private sealed record Thing(string OwnerId);

    private sealed class ThingRule : VisibilityRule<Thing>
    {
        public override OwnershipPermissions Permissions { get; } = new(
            WebCrm.Domain.Security.Permissions.Clients.ViewOwn, WebCrm.Domain.Security.Permissions.Clients.ViewAll,
            WebCrm.Domain.Security.Permissions.Clients.Edit, WebCrm.Domain.Security.Permissions.Clients.Delete,
            WebCrm.Domain.Security.Permissions.Clients.Reassign);

        protected override Expression<Func<Thing, string, bool>> IsOwnedBy => (t, userId) => t.OwnerId == userId;
    }

    private sealed class ThingHandler() : OwnedResourceAuthorizationHandler<Thing>(new ThingRule());

    private static ClaimsPrincipal User(string id, params string[] permissions) => new(new ClaimsIdentity(
        permissions.Select(p => new Claim(Permissions.ClaimType, p)).Prepend(new Claim(ClaimTypes.NameIdentifier, id)), "test"));

    private static async Task<bool> Allowed(ClaimsPrincipal user, OperationAuthorizationRequirement op, Thing thing)
    {
        var context = new AuthorizationHandlerContext([op], user, thing);
        await new ThingHandler().HandleAsync(context);
        return context.HasSucceeded;
    }

    [Fact]
    public async Task Own_records_are_readable_with_view_own_others_are_not()
    {
        var manager = User("m1", Permissions.Clients.ViewOwn);
        Assert.True(await Allowed(manager, Operations.Read, new Thing("m1")));
        Assert.False(await Allowed(manager, Operations.Read, new Thing("m2")));
    }

    [Fact]
    public async Task View_all_reads_everything_but_changing_needs_the_matching_right()
    {
        var director = User("d", Permissions.Clients.ViewAll);
        Assert.True(await Allowed(director, Operations.Read, new Thing("m2")));
        Assert.False(await Allowed(director, Operations.Update, new Thing("m2")));
        var editor = User("d", Permissions.Clients.ViewAll, Permissions.Clients.Edit);
        Assert.True(await Allowed(editor, Operations.Update, new Thing("m2")));
        Assert.False(await Allowed(editor, Operations.Delete, new Thing("m2")));
        Assert.False(await Allowed(editor, Operations.Reassign, new Thing("m2")));
    }

    [Fact]
    public async Task Edit_right_does_not_reach_records_the_user_cannot_see()
    {
        var manager = User("m1", Permissions.Clients.ViewOwn, Permissions.Clients.Edit, Permissions.Clients.Delete, Permissions.Clients.Reassign);
        Assert.True(await Allowed(manager, Operations.Update, new Thing("m1")));
        Assert.True(await Allowed(manager, Operations.Reassign, new Thing("m1")));
        Assert.False(await Allowed(manager, Operations.Update, new Thing("m2")));
        Assert.False(await Allowed(manager, Operations.Delete, new Thing("m2")));
    }

    [Fact]
    public async Task No_view_right_means_nothing()
    {
        var nobody = User("m1", Permissions.Clients.Edit);
        Assert.False(await Allowed(nobody, Operations.Read, new Thing("m1")));
        Assert.False(await Allowed(nobody, Operations.Update, new Thing("m1")));
    }

    [Fact]
    public void The_query_filter_applies_the_same_rule()
    {
        var things = new[] { new Thing("m1"), new Thing("m2"), new Thing("m1") }.AsQueryable();
        var rule = new ThingRule();
        Assert.Equal(2, rule.Apply(things, new UserAccess("m1", [Permissions.Clients.ViewOwn])).Count());
        Assert.Equal(3, rule.Apply(things, new UserAccess("m1", [Permissions.Clients.ViewAll])).Count());
        Assert.Empty(rule.Apply(things, new UserAccess("m1", [Permissions.Clients.Edit])));
    }
}
