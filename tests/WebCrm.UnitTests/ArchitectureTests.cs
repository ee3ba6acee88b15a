using System.Reflection;
using NetArchTest.Rules;
using WebCrm.Web.Features.Shared;

namespace WebCrm.UnitTests;

/// <summary>
/// The layering, checked on the compiled assemblies: the domain knows no database or web, the data layer no web, and a
/// feature folder uses another feature only through the types that other feature marks as its entry point.
/// </summary>
public sealed class ArchitectureTests
{
    private const string Features = "WebCrm.Web.Features";
    private static readonly Assembly Domain = typeof(WebCrm.Domain.Common.Entity).Assembly;
    private static readonly Assembly Data = typeof(WebCrm.Data.CrmDbContext).Assembly;
    private static readonly Assembly Web = typeof(ModuleEntryPointAttribute).Assembly;

    private static void AssertHolds(NetArchTest.Rules.TestResult result, string rule) =>
        Assert.True(result.IsSuccessful, $"{rule}: {string.Join(", ", result.FailingTypes?.Select(t => t.FullName) ?? [])}");

    [Fact]
    public void The_domain_references_neither_data_nor_web_nor_their_frameworks()
    {
        AssertHolds(Types.InAssembly(Domain).Should()
            .NotHaveDependencyOnAny("WebCrm.Data", "WebCrm.Web", "Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore", "Npgsql")
            .GetResult(), "domain");
    }

    [Fact]
    public void The_data_layer_references_nothing_of_the_web()
    {
        AssertHolds(Types.InAssembly(Data).Should().NotHaveDependencyOnAny("WebCrm.Web", "Microsoft.AspNetCore.Mvc").GetResult(), "data");
    }

    /// <summary>Feature folders by their namespace: WebCrm.Web.Features.{Module}[.…]; Shared is the common place, not a module.</summary>
    private static string? ModuleOf(Type type) =>
        type.Namespace is { } ns && ns.StartsWith(Features + ".", StringComparison.Ordinal)
            ? ns[(Features.Length + 1)..].Split('.')[0] is var m && m != "Shared" ? m : null
            : null;

    public static TheoryData<string> Modules() => new(Web.GetTypes().Select(ModuleOf).OfType<string>().Distinct().Order());

    [Theory, MemberData(nameof(Modules))]
    public void A_module_uses_another_only_through_its_entry_points(string module)
    {
        var internals = Web.GetTypes()
            .Where(t => ModuleOf(t) is { } m && m != module && t.GetCustomAttribute<ModuleEntryPointAttribute>() is null
                && !t.IsNested && t.FullName is not null && !t.FullName.Contains('<'))
            .Select(t => t.FullName!)
            .ToArray();
        Assert.NotEmpty(internals);
        AssertHolds(Types.InAssembly(Web).That().ResideInNamespace($"{Features}.{module}").Should()
            .NotHaveDependencyOnAny(internals).GetResult(), $"{module} reaches into another module");
    }

    [Fact]
    public void The_rule_sees_a_reach_into_another_module()
    {
        // Guards the check above against passing vacuously: the composition root does use module internals.
        var dealsInternals = Web.GetTypes().Where(t => ModuleOf(t) == "Deals" && t.GetCustomAttribute<ModuleEntryPointAttribute>() is null)
            .Select(t => t.FullName!).ToArray();
        var result = Types.InAssembly(Web).That().HaveName("ModuleRegistration").Should().NotHaveDependencyOnAny(dealsInternals).GetResult();
        Assert.False(result.IsSuccessful);
    }

    [Fact]
    public void Shared_code_belongs_to_no_module()
    {
        var moduleTypes = Web.GetTypes().Where(t => ModuleOf(t) is not null && t.GetCustomAttribute<ModuleEntryPointAttribute>() is null
            && t.FullName is not null && !t.FullName.Contains('<')).Select(t => t.FullName!).ToArray();
        AssertHolds(Types.InAssembly(Web).That().ResideInNamespace($"{Features}.Shared").Should()
            .NotHaveDependencyOnAny(moduleTypes).GetResult(), "shared code depends on a module");
    }
}
