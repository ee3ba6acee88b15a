using Microsoft.EntityFrameworkCore;
using WebCrm.Domain.Calendar;
using WebCrm.Domain.Reference;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.Calendar;

/// <summary>Activities stored straight through the DbContext (audit and stamps as the app writes them).</summary>
public static class CalendarFixtures
{
    public static Task<int> TypeIdAsync(this CrmApp app, string code) => app.InDbAsync(db =>
        db.ReferenceItems.Where(r => r.Kind == ReferenceListKind.ActivityType && r.Code == code).Select(r => r.Id).SingleAsync());

    public static async Task<Activity> CreateActivityAsync(this CrmApp app, string responsibleId, string subject, DateTime startUtc,
        Action<Activity>? configure = null, string type = "meeting")
    {
        var typeId = await app.TypeIdAsync(type);
        return await app.InDbAsync(async db =>
        {
            var a = new Activity { ResponsibleId = responsibleId, Subject = subject, TypeId = typeId, StartUtc = startUtc, EndUtc = startUtc.AddHours(1) };
            configure?.Invoke(a);
            db.Activities.Add(a);
            await db.SaveChangesAsync();
            return a;
        });
    }

    /// <summary>The fields of the activity form for a timed activity on <paramref name="date"/>.</summary>
    public static Dictionary<string, string> Form(int typeId, string subject, string date, string start = "10:00", string end = "11:00") => new()
    {
        ["TypeId"] = typeId.ToString(), ["Subject"] = subject, ["StartDate"] = date, ["StartTime"] = start, ["EndTime"] = end,
    };
}
