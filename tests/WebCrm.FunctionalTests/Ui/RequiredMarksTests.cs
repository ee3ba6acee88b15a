using System.Net;
using AngleSharp.Dom;
using FluentValidation;
using FluentValidation.Validators;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.Ui;

/// <summary>
/// Required fields are marked the same way on every form of every module: the scan opens the forms, finds the action
/// each form posts to (from the app's own endpoints), reads which fields that action's validator requires (a NotEmpty,
/// NotNull or Required() rule without a condition), and fails when such an input lacks the visible mark, the hidden
/// "required" hint in its label or aria-required — or when an optional field carries the mark.
/// </summary>
public abstract class RequiredMarksTests(CrmApp app)
{
    private sealed record Target(IReadOnlyList<(Type Model, string? Prefix)> Models);

    /// <summary>The POST action a form's action path reaches, and its validated parameters with their binding prefix.</summary>
    private Target? PostTarget(string path)
    {
        path = path.Split('?')[0].TrimStart('/');
        using var scope = app.Services.CreateScope();
        var best = (Score: -1, Target: (Target?)null);
        foreach (var e in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var methods = e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
            var action = e.Metadata.GetMetadata<ControllerActionDescriptor>();
            if (action is null || methods is null || !methods.Contains("POST") || e.RoutePattern.RawText is not { } raw)
            {
                continue;
            }
            var template = TemplateParser.Parse(raw.TrimStart('/'));
            var values = new RouteValueDictionary();
            if (!new TemplateMatcher(template, new RouteValueDictionary()).TryMatch("/" + path, values))
            {
                continue;
            }
            var intsHold = template.Parameters.Where(p => p.InlineConstraints.Any(c => c.Constraint == "int"))
                .All(p => int.TryParse(values[p.Name!]?.ToString(), out _));
            var score = template.Segments.Count(s => s.IsSimple && s.Parts[0].IsLiteral);
            if (intsHold && score > best.Score)
            {
                var models = action.Parameters
                    .Where(p => scope.ServiceProvider.GetService(typeof(IValidator<>).MakeGenericType(p.ParameterType)) is not null)
                    .Select(p => (p.ParameterType, p.BindingInfo?.BinderModelName)).ToList();
                best = (score, new Target(models));
            }
        }
        return best.Target;
    }

    private IReadOnlyDictionary<string, bool> Members(Type model)
    {
        using var scope = app.Services.CreateScope();
        var validator = (IValidator)scope.ServiceProvider.GetRequiredService(typeof(IValidator<>).MakeGenericType(model));
        return validator.CreateDescriptor().GetMembersWithValidators().ToDictionary(g => g.Key,
            g => g.Any(v => (v.Validator is INotNullValidator or INotEmptyValidator || v.Validator.Name == "RequiredMark")
                && !v.Options.HasCondition && !v.Options.HasAsyncCondition), StringComparer.OrdinalIgnoreCase);
    }

    private async Task<int> CheckPageAsync(CrmClient client, string url)
    {
        var page = await client.PageAsync(url);
        var checkedRequired = 0;
        foreach (var form in page.QuerySelectorAll("form[method=post]"))
        {
            if (PostTarget(form.GetAttribute("action") ?? "") is not { } target)
            {
                continue;
            }
            foreach (var (model, prefix) in target.Models)
            {
                foreach (var (member, required) in Members(model))
                {
                    var name = string.IsNullOrEmpty(prefix) ? member : prefix + "." + member;
                    var input = form.QuerySelectorAll("input, select, textarea")
                        .FirstOrDefault(i => string.Equals(i.GetAttribute("name"), name, StringComparison.OrdinalIgnoreCase) && i.GetAttribute("type") != "hidden");
                    if (input is null)
                    {
                        continue;
                    }
                    var where = $"{url}: {name} ({model.Name})";
                    var label = form.QuerySelector($"label[for='{input.Id}']") ?? page.QuerySelector($"label[for='{input.Id}']");
                    Assert.True(label is not null, $"{where} has no label");
                    var mark = label!.QuerySelector(".required-mark");
                    if (required)
                    {
                        Assert.True(mark is not null, $"{where} is required but its label has no mark");
                        Assert.Equal("true", mark!.GetAttribute("aria-hidden"));
                        Assert.False(string.IsNullOrWhiteSpace(label.QuerySelector(".visually-hidden")?.TextContent), $"{where}: no accessible hint");
                        Assert.True(input.GetAttribute("aria-required") == "true", $"{where} is required but lacks aria-required");
                        checkedRequired++;
                    }
                    else
                    {
                        Assert.True(mark is null, $"{where} is optional but marked required");
                    }
                }
            }
        }
        return checkedRequired;
    }

    [Fact]
    public async Task Every_required_input_of_every_module_form_carries_the_same_mark_and_hint()
    {
        var (adminId, adminName) = await app.CreateUserAsync(RoleTemplates.Administrator.Permissions);
        using var admin = await app.SignedInAsync(adminName);
        var t = CompanyFactory.Token();
        var company = await app.CreateCompanyAsync(adminId, $"{t} Марки");
        var dealId = await app.InDbAsync(async db =>
        {
            var rub = await db.Currencies.Where(c => c.Code == "RUB").Select(c => c.Id).SingleAsync();
            var stages = await db.ReferenceItems.Where(r => r.Kind == WebCrm.Domain.Reference.ReferenceListKind.DealStage && r.IsActive).OrderBy(r => r.SortOrder).Select(r => r.Id).ToListAsync();
            var deal = new Deal
            {
                CompanyId = company.Id, ResponsibleId = adminId, Title = $"{t} работа", StartDate = new DateOnly(2026, 1, 5), CurrencyId = rub,
                Stages = stages.Select(s => new DealStage { StageId = s, ResponsibleId = adminId }).ToList(),
            };
            db.Deals.Add(deal);
            await db.SaveChangesAsync();
            return deal.Id;
        });

        string[] pages =
        [
            "/clients/new", $"/clients/{company.Id}/edit", $"/clients/{company.Id}", $"/clients/{company.Id}/contacts/new",
            $"/clients/{company.Id}/bank-accounts/new", $"/clients/{company.Id}/contracts/new", $"/clients/{company.Id}/groups/new",
            $"/deals/new?companyId={company.Id}", $"/deals/{dealId}", $"/deals/{dealId}/edit", $"/deals/{dealId}/stages",
            "/products/new", "/admin/users/new", $"/admin/users/{adminId}/password", "/admin/lists/region", "/admin/lists/currencies/new",
            "/admin/custom-fields/new", "/account/password", "/calendar/activities/new", "/knowledge", "/knowledge/new",
            "/packages/new", "/packages/materials/new", "/reports",
        ];
        var counted = 0;
        foreach (var url in pages)
        {
            counted += await CheckPageAsync(admin, url);
        }
        counted += await CheckPageAsync(app.Client(), "/account/login");
        // Deals, payments, lines, documents, companies, contacts, bank accounts, contracts, users, articles, activities…:
        // far more than a scan that found no form would count.
        Assert.True(counted >= 40, $"only {counted} required inputs were checked");
    }

    [Fact]
    public async Task The_hint_explains_the_mark_in_the_users_language()
    {
        var (_, name) = await app.CreateUserAsync(RoleTemplates.Administrator.Permissions);
        using var admin = await app.SignedInAsync(name);
        var english = await admin.PageAsync("/clients/new");
        Assert.Contains("required field", english.QuerySelector(".required-hint")!.TextContent);
        Assert.Equal(" (required field)", english.QuerySelector("label[for=Name] .visually-hidden")!.TextContent);
        await admin.PostFormAsync("/culture", new { culture = "ru", returnUrl = "/" }, "/");
        var russian = await admin.PageAsync("/clients/new");
        Assert.Contains("обязательное поле", russian.QuerySelector(".required-hint")!.TextContent);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/clients/new")).StatusCode);
    }
}

public sealed class RequiredMarksTestsSqlite(SqliteApp app) : RequiredMarksTests(app);
public sealed class RequiredMarksTestsPostgreSql(PostgreSqlApp app) : RequiredMarksTests(app);
