using System.Linq.Expressions;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using WebCrm.Domain.Clients;
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
    // ---- the calendar's shape: everyone sees his own, "view others" sees the rest, "edit others" changes them ----

    private sealed class CalendarShapedRule : VisibilityRule<Thing>
    {
        public override OwnershipPermissions Permissions { get; } = new(
            ViewOwn: null, ViewAll: WebCrm.Domain.Security.Permissions.Calendar.ViewOthers, Edit: null, Delete: null,
            Reassign: WebCrm.Domain.Security.Permissions.Calendar.EditOthers, EditOthers: WebCrm.Domain.Security.Permissions.Calendar.EditOthers);

        protected override Expression<Func<Thing, string, bool>> IsOwnedBy => (t, userId) => t.OwnerId == userId;
    }

    [Fact]
    public void Calendar_shape_own_record_is_editable_without_any_right()
    {
        var rule = new CalendarShapedRule();
        var plain = new UserAccess("u1", []);
        Assert.True(rule.Allows(new Thing("u1"), plain, RecordOperations.Read));
        Assert.True(rule.Allows(new Thing("u1"), plain, RecordOperations.Update));
        Assert.True(rule.Allows(new Thing("u1"), plain, RecordOperations.Delete));
        Assert.False(rule.Allows(new Thing("u2"), plain, RecordOperations.Read));
        Assert.False(rule.Allows(new Thing("u2"), plain, RecordOperations.Update));
        Assert.Single(rule.Apply(new[] { new Thing("u1"), new Thing("u2") }.AsQueryable(), plain));
    }

    [Fact]
    public void Calendar_shape_others_records_are_visible_only_with_view_others_and_editable_only_with_edit_others()
    {
        var rule = new CalendarShapedRule();
        var viewer = new UserAccess("u1", [Permissions.Calendar.ViewOthers]);
        Assert.True(rule.Allows(new Thing("u2"), viewer, RecordOperations.Read));
        Assert.False(rule.Allows(new Thing("u2"), viewer, RecordOperations.Update));
        Assert.False(rule.Allows(new Thing("u2"), viewer, RecordOperations.Delete));
        Assert.Equal(2, rule.Apply(new[] { new Thing("u1"), new Thing("u2") }.AsQueryable(), viewer).Count());

        var editor = new UserAccess("u1", [Permissions.Calendar.ViewOthers, Permissions.Calendar.EditOthers]);
        Assert.True(rule.Allows(new Thing("u2"), editor, RecordOperations.Update));
        Assert.True(rule.Allows(new Thing("u2"), editor, RecordOperations.Delete));

        // Editing others without seeing them reaches nothing.
        var blindEditor = new UserAccess("u1", [Permissions.Calendar.EditOthers]);
        Assert.False(rule.Allows(new Thing("u2"), blindEditor, RecordOperations.Read));
        Assert.False(rule.Allows(new Thing("u2"), blindEditor, RecordOperations.Update));
    }

    // ---- owner-or-shared records ----

    private static SavedFilter Filter(string owner, bool shared) => new() { Module = "Clients", Name = "f", OwnerId = owner, IsShared = shared };

    [Fact]
    public void Saved_filters_are_seen_by_their_owner_and_when_shared_by_everyone_but_changed_only_by_the_owner()
    {
        var rule = SavedFilterVisibility.Instance;
        // Even a user with every right neither sees another user's personal filter nor changes a shared one.
        var other = new UserAccess("u2", PermissionCatalogue.All.Select(p => p.Name));
        var owner = new UserAccess("u1", []);
        var personal = Filter("u1", shared: false);
        var shared = Filter("u1", shared: true);

        Assert.True(rule.Allows(personal, owner, RecordOperations.Read));
        Assert.True(rule.Allows(personal, owner, RecordOperations.Delete));
        Assert.True(rule.Allows(shared, owner, RecordOperations.Update));
        Assert.False(rule.Allows(personal, other, RecordOperations.Read));
        Assert.True(rule.Allows(shared, other, RecordOperations.Read));
        Assert.False(rule.Allows(shared, other, RecordOperations.Update));
        Assert.False(rule.Allows(shared, other, RecordOperations.Delete));
        Assert.False(rule.Allows(shared, other, RecordOperations.Reassign));

        var filters = new[] { personal, shared, Filter("u2", shared: false), Filter("u3", shared: false) }.AsQueryable();
        Assert.Equal([personal, shared], rule.Apply(filters, owner).ToArray());
        Assert.Equal(2, rule.Apply(filters, other).Count());
    }

    [Fact]
    public void Company_groups_personal_ones_belong_to_their_owner_shared_ones_are_seen_by_all_and_changed_with_the_edit_right()
    {
        var rule = CompanyGroupVisibility.Instance;
        var mine = new CompanyGroup { Name = "mine", OwnerId = "u1" };
        var theirs = new CompanyGroup { Name = "theirs", OwnerId = "u2" };
        var shared = new CompanyGroup { Name = "shared", OwnerId = null };
        var reader = new UserAccess("u1", [Permissions.Clients.ViewOwn]);
        var editor = new UserAccess("u1", [Permissions.Clients.ViewAll, Permissions.Clients.Edit]);

        Assert.True(rule.Allows(mine, reader, RecordOperations.Update));
        Assert.True(rule.Allows(shared, reader, RecordOperations.Read));
        Assert.False(rule.Allows(shared, reader, RecordOperations.Update));
        Assert.True(rule.Allows(shared, editor, RecordOperations.Update));
        // No right reaches another user's personal group.
        Assert.False(rule.Allows(theirs, editor, RecordOperations.Read));
        Assert.False(rule.Allows(theirs, editor, RecordOperations.Update));

        var groups = new[] { mine, theirs, shared }.AsQueryable();
        Assert.Equal([mine, shared], rule.Apply(groups, reader).ToArray());
        Assert.Equal([mine, shared], rule.Apply(groups, editor).ToArray());
    }
}
