using System.Globalization;
using System.Linq.Expressions;
using Microsoft.Extensions.Localization;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Reference;
using WebCrm.Web.Infrastructure.Localization;
using Field = WebCrm.Web.Features.Shared.FilterField<WebCrm.Domain.Clients.Company>;

namespace WebCrm.Web.Features.Clients.Filtering;

/// <summary>
/// Company filter fields on the company's contact persons. A positive condition means "the company has a contact person
/// whose field passes the test" (EXISTS in the same query); "is empty" means no contact person has a value, and the
/// negative operators (not equal, not in list) find the companies none of whose contact persons passes the positive test.
/// </summary>
public sealed class ContactPersonFilters(ReferenceLookup lookup, IStringLocalizer<SharedResource> l)
{
    public IEnumerable<Field> Fields()
    {
        yield return TextField("contactName", l["Contact person: full name"], p => p.FullName);
        yield return new Field("contactPosition", l["Contact person: position"], FilterFieldType.Choice, FilterOps.Choice,
            (op, values, _) => op switch
            {
                FilterOp.IsEmpty => PredicateBuilder.Not(Any(p => p.PositionId != null)),
                FilterOp.IsNotEmpty => Any(p => p.PositionId != null),
                FilterOp.Equals or FilterOp.In => PositionIn(Ids(values)),
                _ => throw new FilterException("contactPosition"),
            },
            _ => PositionsAsync());
        yield return TextField("contactEmail", l["Contact person: email"], p => p.Email);
        yield return new Field("contactPhone", l["Contact person: phone"], FilterFieldType.Text, FilterOps.Text,
            (op, values, _) => op == FilterOp.IsEmpty
                ? PredicateBuilder.Not(Any(Either(p => p.Phone, p => p.MobilePhone, PredicateBuilder.Text(FilterOp.IsNotEmpty, values))))
                : Any(Either(p => p.Phone, p => p.MobilePhone, PredicateBuilder.Text(op, values))));
        yield return new Field("contactBirthday", l["Contact person: birthday"], FilterFieldType.Date,
            [FilterOp.Equals, FilterOp.NotEquals, FilterOp.Less, FilterOp.Greater, FilterOp.Between, FilterOp.IsEmpty, FilterOp.IsNotEmpty],
            (op, values, _) => Birthday(op, values));
        yield return new Field("contactBirthMonth", l["Contact person: birthday in month"], FilterFieldType.Choice,
            [FilterOp.Equals, FilterOp.NotEquals, FilterOp.In, FilterOp.NotIn],
            (_, values, _) => BirthMonthIn(Months(values)),
            _ => Task.FromResult(MonthOptions()));
    }

    private static Field TextField(string key, string label, Expression<Func<ContactPerson, string?>> selector) =>
        new(key, label, FilterFieldType.Text, FilterOps.Text,
            (op, values, _) => op == FilterOp.IsEmpty
                ? PredicateBuilder.Not(Any(PredicateBuilder.On(selector, PredicateBuilder.Text(FilterOp.IsNotEmpty, values))))
                : Any(PredicateBuilder.On(selector, PredicateBuilder.Text(op, values))));

    /// <summary>company => company.Contacts.Any(test)</summary>
    private static Expression<Func<Company, bool>> Any(Expression<Func<ContactPerson, bool>> test)
    {
        var company = Expression.Parameter(typeof(Company), "c");
        var any = Expression.Call(typeof(Enumerable), nameof(Enumerable.Any), [typeof(ContactPerson)],
            Expression.Property(company, nameof(Company.Contacts)), test);
        return Expression.Lambda<Func<Company, bool>>(any, company);
    }

    /// <summary>person => test(first(person)) || test(second(person)): a phone is either of the two numbers.</summary>
    private static Expression<Func<ContactPerson, bool>> Either(Expression<Func<ContactPerson, string?>> first,
        Expression<Func<ContactPerson, string?>> second, Expression<Func<string?, bool>> test)
    {
        var a = PredicateBuilder.On(first, test);
        var b = PredicateBuilder.On(second, test);
        var body = Domain.Common.ExpressionRewriter.Replace(b.Body, b.Parameters[0], a.Parameters[0]);
        return Expression.Lambda<Func<ContactPerson, bool>>(Expression.OrElse(a.Body, body), a.Parameters[0]);
    }

    private static Expression<Func<Company, bool>> PositionIn(List<int> ids) =>
        Any(p => p.PositionId != null && ids.Contains(p.PositionId.Value));

    private static Expression<Func<Company, bool>> BirthMonthIn(List<int> months) =>
        Any(p => p.Birthday != null && months.Contains(p.Birthday.Value.Month));

    private static Expression<Func<Company, bool>> Birthday(FilterOp op, IReadOnlyList<string> values)
    {
        if (op == FilterOp.IsEmpty)
        {
            return PredicateBuilder.Not(Any(p => p.Birthday != null));
        }
        DateOnly a = default, b = default;
        if (FilterOps.NeedsValue(op))
        {
            a = Numbers.TryParseDate(values.ElementAtOrDefault(0), out var x) ? x : throw new FilterException("contactBirthday");
            b = op == FilterOp.Between ? Numbers.TryParseDate(values.ElementAtOrDefault(1), out var y) ? y : throw new FilterException("contactBirthday") : a;
        }
        return Any(PredicateBuilder.On<ContactPerson, DateOnly?>(p => p.Birthday, PredicateBuilder.Ordered(op, a, b)));
    }

    private static List<int> Ids(IReadOnlyList<string> values)
    {
        var ids = values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(v => int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : (int?)null).ToList();
        return ids.Count == 0 || ids.Any(i => i is null) ? throw new FilterException() : ids.Select(i => i!.Value).ToList();
    }

    private static List<int> Months(IReadOnlyList<string> values)
    {
        var months = Ids(values);
        return months.Any(m => m is < 1 or > 12) ? throw new FilterException("contactBirthMonth") : months;
    }

    private static IReadOnlyList<FilterOption> MonthOptions()
    {
        var names = CultureInfo.CurrentCulture.DateTimeFormat.MonthNames;
        return Enumerable.Range(1, 12)
            .Select(m => new FilterOption(m.ToString(CultureInfo.InvariantCulture), CultureInfo.CurrentCulture.TextInfo.ToTitleCase(names[m - 1])))
            .ToList();
    }

    private async Task<IReadOnlyList<FilterOption>> PositionsAsync()
    {
        var ru = FormText.Language == "ru";
        return (await lookup.DataAsync()).Items.Where(r => r.Kind == ReferenceListKind.ContactPosition).OrderBy(r => r.SortOrder)
            .Select(r => new FilterOption(r.Id.ToString(CultureInfo.InvariantCulture), ru ? r.NameRu : r.NameEn)).ToList();
    }
}
