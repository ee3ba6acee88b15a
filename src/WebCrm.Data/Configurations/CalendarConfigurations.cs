using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WebCrm.Data.Identity;
using WebCrm.Domain.Calendar;

namespace WebCrm.Data.Configurations;

public sealed class ActivityConfiguration : IEntityTypeConfiguration<Activity>
{
    public void Configure(EntityTypeBuilder<Activity> builder)
    {
        builder.Property(e => e.Subject).HasMaxLength(Activity.SubjectMax).IsRequired();
        builder.Property(e => e.Description).HasMaxLength(Activity.DescriptionMax);
        builder.Property(e => e.Result).HasMaxLength(Activity.ResultMax);
        builder.Property(e => e.ResponsibleId).HasMaxLength(450).IsRequired();
        builder.Property(e => e.Status).HasConversion<int>();
        builder.HasOne(e => e.Type).WithMany().HasForeignKey(e => e.TypeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(e => e.ResponsibleId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(e => e.Company).WithMany().HasForeignKey(e => e.CompanyId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne(e => e.ContactPerson).WithMany().HasForeignKey(e => e.ContactPersonId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne(e => e.Deal).WithMany().HasForeignKey(e => e.DealId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne(e => e.Series).WithMany().HasForeignKey(e => e.SeriesId).OnDelete(DeleteBehavior.SetNull);
        // One user's calendar for a period (day, week, month views, the agenda, the feed, one user's analysis): a range on the
        // start. It carries every column a calendar view shows, so a user's month (~1,800 activities, each on its own heap
        // page) is an index-only read of ~40 pages instead of ~1,800 heap pages.
        builder.HasIndex(e => new { e.ResponsibleId, e.StartUtc, e.EndUtc, e.Status, e.TypeId, e.CompanyId, e.AllDay, e.Id, e.ConcurrencyStamp, e.Subject },
            "IX_Activities_Calendar");
        // A card's history and plans, newest first, and the company list's last / next contact.
        builder.HasIndex(e => new { e.CompanyId, e.Status, e.StartUtc });
        builder.HasIndex(e => new { e.ContactPersonId, e.StartUtc });
        builder.HasIndex(e => new { e.DealId, e.StartUtc });
        builder.HasIndex(e => e.SeriesId);
        // Due reminders: a range on the reminder time.
        builder.HasIndex(e => e.RemindAtUtc);
        // The planned ones of a user, newest first: the agenda's overdue list (a small share of a user's activities).
        builder.HasIndex(e => new { e.ResponsibleId, e.StartUtc }, "IX_Activities_Planned_ResponsibleId_StartUtc").HasFilter("\"Status\" = 1");
        // The contact analysis counts a period of everyone's activities by user, company, type and status: every column it
        // reads is in the index, so the count is an index-only range scan instead of a heap page per activity.
        builder.HasIndex(e => new { e.StartUtc, e.ResponsibleId, e.TypeId, e.Status, e.CompanyId });
    }
}

public sealed class ActivityParticipantConfiguration : IEntityTypeConfiguration<ActivityParticipant>
{
    public void Configure(EntityTypeBuilder<ActivityParticipant> builder)
    {
        builder.HasKey(e => new { e.ActivityId, e.UserId });
        builder.Property(e => e.UserId).HasMaxLength(450);
        builder.HasOne(e => e.Activity).WithMany(a => a.Participants).HasForeignKey(e => e.ActivityId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => new { e.UserId, e.ActivityId });
    }
}

public sealed class ActivitySeriesConfiguration : IEntityTypeConfiguration<ActivitySeries>
{
    public void Configure(EntityTypeBuilder<ActivitySeries> builder)
    {
        builder.ToTable("ActivitySeries");
        builder.Property(e => e.Frequency).HasConversion<int>();
        builder.Property(e => e.TimeZoneId).HasMaxLength(100);
    }
}

public sealed class CalendarFeedConfiguration : IEntityTypeConfiguration<CalendarFeed>
{
    public void Configure(EntityTypeBuilder<CalendarFeed> builder)
    {
        builder.Property(e => e.UserId).HasMaxLength(450).IsRequired();
        builder.Property(e => e.TokenHash).HasMaxLength(64).IsRequired();
        builder.HasOne<AppUser>().WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => e.TokenHash).IsUnique();
        builder.HasIndex(e => e.UserId).IsUnique();
    }
}
