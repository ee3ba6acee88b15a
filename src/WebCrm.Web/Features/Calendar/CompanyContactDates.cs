using System.Linq.Expressions;
using WebCrm.Domain.Calendar;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Security;

namespace WebCrm.Web.Features.Calendar;

/// <summary>
/// The company list filter's "last contact date" (the latest done activity with the company) and "next planned contact"
/// (the earliest planned one from now on), over the activities the user may see (<see cref="ActivityAccess"/>), as
/// expressions the list nests per company; local dates are compared as the calendar's day boundaries in UTC.
/// </summary>
[ModuleEntryPoint]
public sealed class CompanyContactDates(ActivityAccess access, CalendarClock clock)
{
    public Expression<Func<Company, DateTime?>> LastContact(UserAccess user)
    {
        var activities = access.Query(user);
        return c => activities.Where(a => a.CompanyId == c.Id && a.Status == ActivityStatus.Done).Max(a => (DateTime?)a.StartUtc);
    }

    public Expression<Func<Company, DateTime?>> NextPlanned(UserAccess user)
    {
        var activities = access.Query(user);
        var now = clock.UtcNow;
        return c => activities.Where(a => a.CompanyId == c.Id && a.Status == ActivityStatus.Planned && a.StartUtc >= now).Min(a => (DateTime?)a.StartUtc);
    }

    /// <summary>The condition of one filter row on such a date: on a day, before, after, between two days (inclusive), none.</summary>
    public Expression<Func<Company, bool>> Condition(Expression<Func<Company, DateTime?>> date, FilterOp op, IReadOnlyList<string> values)
    {
        if (op is FilterOp.IsEmpty or FilterOp.IsNotEmpty)
        {
            return PredicateBuilder.On(date, PredicateBuilder.Ordered(op, DateTime.MinValue, DateTime.MinValue));
        }
        if (!Numbers.TryParseDate(values.ElementAtOrDefault(0), out var a))
        {
            throw new FilterException();
        }
        var b = a;
        if (op == FilterOp.Between && !Numbers.TryParseDate(values.ElementAtOrDefault(1), out b))
        {
            throw new FilterException();
        }
        var from = clock.StartOfDayUtc(a);
        var afterA = clock.StartOfDayUtc(a.AddDays(1));
        var afterB = clock.StartOfDayUtc(b.AddDays(1));
        Expression<Func<DateTime?, bool>> test = op switch
        {
            FilterOp.Equals => d => d >= from && d < afterA,
            FilterOp.Less => d => d < from,
            FilterOp.Greater => d => d >= afterA,
            FilterOp.Between => d => d >= from && d < afterB,
            _ => throw new FilterException(),
        };
        return PredicateBuilder.On(date, test);
    }
}
