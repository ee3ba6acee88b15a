using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using WebCrm.Data;
using WebCrm.Domain.Administration;
using WebCrm.Domain.Security;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Administration.Users;

/// <summary>What applying a template, copying rights or disabling would do to a user, shown before anything changes.</summary>
public sealed class RightsChangePreview
{
    public required string UserId { get; init; }
    public required string UserName { get; init; }
    public required string DisplayName { get; init; }
    /// <summary>"template", "copy" or "disable".</summary>
    public required string Action { get; init; }
    /// <summary>The template key or the source user's id, posted back with the confirmation.</summary>
    public string? Argument { get; init; }
    /// <summary>The template's or the source user's name.</summary>
    public string? ArgumentName { get; init; }
    public IReadOnlyList<PermissionDefinition> Added { get; init; } = [];
    public IReadOnlyList<PermissionDefinition> Removed { get; init; } = [];
    /// <summary>The rights the user will have, as the confirmation posts them: a change since the preview is refused.</summary>
    public string Expected { get; init; } = "";
}

/// <summary>
/// The preview of a rights change (<see cref="RightsChangePreview"/>) and the rights history in words: each "+right" /
/// "-right" of an event becomes "added: Calendar — Edit others' plans" from the permission catalogue, a copy names the
/// source user by full name, a template by its name, the author by full name.
/// </summary>
public sealed class RightsPreviews(CrmDbContext db, IStringLocalizer<SharedResource> l)
{
    public static string Fingerprint(IEnumerable<string> rights) => string.Join(" ", rights.Where(PermissionCatalogue.IsKnown).Distinct().Order(StringComparer.Ordinal));

    public async Task<RightsChangePreview?> PreviewAsync(string userId, string action, string? argument, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null)
        {
            return null;
        }
        var lang = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        IReadOnlySet<string>? wanted = null;
        string? name = null;
        if (action == "template" && argument is not null && RoleTemplates.Find(argument) is { } template)
        {
            (wanted, name) = (template.Permissions, template.DisplayName.For(lang));
        }
        else if (action == "copy" && argument is not null && argument != userId
                 && await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == argument, ct) is { } source)
        {
            (wanted, name) = (await GrantedAsync(source.Id, ct), source.DisplayName);
        }
        var current = await GrantedAsync(userId, ct);
        var target = wanted?.Where(PermissionCatalogue.IsKnown).ToHashSet() ?? current.ToHashSet();
        return new RightsChangePreview
        {
            UserId = user.Id, UserName = user.UserName!, DisplayName = user.DisplayName, Action = action,
            Argument = wanted is null && action != "disable" ? null : argument, ArgumentName = name,
            Added = PermissionCatalogue.All.Where(p => target.Contains(p.Name) && !current.Contains(p.Name)).ToList(),
            Removed = PermissionCatalogue.All.Where(p => current.Contains(p.Name) && !target.Contains(p.Name)).ToList(),
            Expected = Fingerprint(target),
        };
    }

    public async Task<IReadOnlySet<string>> GrantedAsync(string userId, CancellationToken ct) =>
        (await db.UserClaims.AsNoTracking().Where(c => c.UserId == userId && c.ClaimType == Permissions.ClaimType)
            .Select(c => c.ClaimValue!).ToListAsync(ct)).ToHashSet();

    /// <summary>The rights history of a user, each event's details in words of the user's language.</summary>
    public async Task<List<SecurityEventRow>> HistoryAsync(string userId, CancellationToken ct)
    {
        var events = await db.SecurityEvents.AsNoTracking().Where(e => e.TargetUserId == userId)
            .OrderByDescending(e => e.AtUtc).ThenByDescending(e => e.Id).Take(50).ToListAsync(ct);
        var describe = await DescriberAsync(events, ct);
        return events.Select(e => new SecurityEventRow(e.AtUtc, describe.ActorName(e), e.Kind, describe.Details(e))).ToList();
    }

    /// <summary>
    /// Names and words for a page of events: the author and the user concerned by full name (the stored user name when the
    /// account is gone), each detail token in words ("added: Calendar — Edit others' plans", "rights copied from user …").
    /// </summary>
    public async Task<SecurityEventWords> DescriberAsync(IReadOnlyCollection<SecurityEvent> events, CancellationToken ct)
    {
        var sources = events.SelectMany(e => e.Details.Split(' ')).Where(t => t.StartsWith("from=", StringComparison.Ordinal)).Select(t => t[5..]).Distinct().ToList();
        var ids = events.Select(e => e.ActorId).Concat(events.Select(e => e.TargetUserId)).Where(a => !string.IsNullOrEmpty(a)).Distinct().ToList();
        var people = await db.Users.AsNoTracking().Where(u => sources.Contains(u.UserName!) || ids.Contains(u.Id))
            .Select(u => new SecurityEventWords.Person(u.Id, u.UserName!, u.DisplayName)).ToListAsync(ct);
        return new SecurityEventWords(people, l);
    }
}

/// <summary>The words of security events (<see cref="RightsPreviews.DescriberAsync"/>).</summary>
public sealed class SecurityEventWords(IReadOnlyList<SecurityEventWords.Person> people, IStringLocalizer l)
{
    public sealed record Person(string Id, string UserName, string DisplayName);

    public string? ActorName(SecurityEvent e) => people.FirstOrDefault(p => p.Id == e.ActorId)?.DisplayName ?? e.ActorName;

    public string TargetName(SecurityEvent e) =>
        people.FirstOrDefault(p => p.Id == e.TargetUserId && e.TargetUserId != "")?.DisplayName ?? e.TargetUserName;

    public string Details(SecurityEvent e) => string.Join("; ", e.Details.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Words));

    private string Words(string token)
    {
        var lang = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        if (token.StartsWith("from=", StringComparison.Ordinal))
        {
            var userName = token[5..];
            return l["rights copied from user {0}", people.FirstOrDefault(p => p.UserName == userName)?.DisplayName ?? userName];
        }
        if (token.StartsWith("template=", StringComparison.Ordinal))
        {
            return l["template: {0}", RoleTemplates.Find(token[9..])?.DisplayName.For(lang) ?? token[9..]];
        }
        if (token.StartsWith("two-factor-templates=", StringComparison.Ordinal))
        {
            var keys = token["two-factor-templates=".Length..];
            return l["two-factor sign-in mandatory for the templates: {0}", keys == "none" ? l["none of them"].Value
                : string.Join(", ", keys.Split(',').Select(k => RoleTemplates.Find(k)?.DisplayName.For(lang) ?? k))];
        }
        if (token.Length > 1 && token[0] is '+' or '-' && PermissionCatalogue.All.FirstOrDefault(p => p.Name == token[1..]) is { } right)
        {
            var module = PermissionCatalogue.Modules.First(m => m.Permissions.Contains(right)).DisplayName.For(lang);
            return l[token[0] == '+' ? "added: {0} — {1}" : "removed: {0} — {1}", module, right.DisplayName.For(lang)];
        }
        // key=value tokens of sign-in, two-factor, session and export events: the key in words, the value as it is
        // unless it is one of the known words (reason=wrong-password, method=authenticator).
        var eq = token.IndexOf('=');
        if (eq > 0 && l["SecurityDetail." + token[..eq]] is { ResourceNotFound: false } key)
        {
            var value = token[(eq + 1)..];
            var word = l["SecurityDetail." + value];
            return key.Value + ": " + (word.ResourceNotFound ? value : word.Value);
        }
        return token;
    }
}
