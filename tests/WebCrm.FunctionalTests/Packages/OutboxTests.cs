using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;
using SmtpServer.Protocol;
using WebCrm.Data;
using WebCrm.Domain.Packages;
using WebCrm.FunctionalTests.Infrastructure;
using WebCrm.Web.Features.Packages.Outbox;

namespace WebCrm.FunctionalTests.Packages;

/// <summary>
/// The mail outbox against a real SMTP server on loopback and a real database. Each class has a database of its own
/// (the worker claims every due letter), and each test first settles what earlier tests left.
/// </summary>
public abstract class OutboxTests(CrmApp app)
{
    private static readonly byte[] Pdf = "%PDF-1.4\n% тест\n"u8.ToArray();

    protected OutboxDelivery Delivery(int port, Action<OutboxOptions>? configure = null, TimeProvider? clock = null, IServiceProvider? services = null)
    {
        var options = new OutboxOptions { BatchSize = 10, RetryBaseDelay = TimeSpan.FromMilliseconds(200), RetryMaxDelay = TimeSpan.FromSeconds(1), MaxAttempts = 4 };
        configure?.Invoke(options);
        return new OutboxDelivery((services ?? app.Services).GetRequiredService<IServiceScopeFactory>(),
            Options.Create(new SmtpOptions { Host = "127.0.0.1", Port = port, Security = "None", FromAddress = "crm@example.test", Timeout = TimeSpan.FromSeconds(10) }),
            Options.Create(options), clock ?? TimeProvider.System, NullLogger<OutboxDelivery>.Instance);
    }

    protected Task<T> Db<T>(Func<CrmDbContext, Task<T>> action) => app.InDbAsync(action);

    /// <summary>Letters earlier tests left waiting are settled, so this test's worker sees only its own.</summary>
    protected async Task SettleAsync() =>
        await Db(db => db.Set<OutboxMessage>().Where(m => m.State == OutboxState.Pending || m.State == OutboxState.Sending)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.State, OutboxState.Failed)));

    protected Task<List<int>> EnqueueAsync(int count, string tag, Func<int, OutboxLetter>? make = null) =>
        app.WithServiceAsync<MailOutbox, List<int>>(async outbox =>
        {
            var ids = new List<int>();
            for (var i = 0; i < count; i++)
            {
                ids.Add(await outbox.EnqueueAsync(make?.Invoke(i) ?? new OutboxLetter($"r{i}@example.test", null, $"{tag} {i}", $"Body {i}"), "Tests", default));
            }
            return ids;
        });

    protected Task<Dictionary<int, OutboxMessage>> LettersAsync(IReadOnlyCollection<int> ids) =>
        Db(db => db.Set<OutboxMessage>().AsNoTracking().Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id));

    /// <summary>Runs rounds until nothing is due or the time is up.</summary>
    protected static async Task DrainAsync(OutboxDelivery delivery, string worker, TimeSpan? within = null)
    {
        var until = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < until && (await delivery.RunBatchAsync(worker, default)).Claimed > 0)
        {
        }
    }

    [Fact]
    public async Task A_letter_arrives_with_its_cyrillic_subject_text_and_attachments()
    {
        await SettleAsync();
        await using var smtp = await TestSmtpServer.StartAsync();
        var ids = await EnqueueAsync(1, "content", _ => new OutboxLetter("Ivanov@Example.test", "Иван Иванов", "Коммерческое предложение «Весна»",
            "Здравствуйте, Иван!\nВысылаем материалы.", "<p>Здравствуйте, <b>Иван</b>!</p>")
        {
            Attachments = [new OutboxFile("Прайс-лист 2026.pdf", "application/pdf", Pdf), new OutboxFile("условия.txt", "text/plain", "Условия поставки"u8.ToArray())],
        });

        await DrainAsync(Delivery(smtp.Port), "w1");

        var letter = Assert.Single(smtp.Received);
        Assert.Equal("Коммерческое предложение «Весна»", letter.Subject);
        Assert.Equal("Ivanov@Example.test", letter.To.Mailboxes.Single().Address);
        Assert.Equal("Иван Иванов", letter.To.Mailboxes.Single().Name);
        Assert.Equal("crm@example.test", letter.From.Mailboxes.Single().Address);
        Assert.Contains("Высылаем материалы.", letter.TextBody);
        Assert.Contains("<b>Иван</b>", letter.HtmlBody ?? "");
        var files = letter.Attachments.OfType<MimePart>().ToList();
        Assert.Equal(["Прайс-лист 2026.pdf", "условия.txt"], files.Select(f => f.FileName));
        using var first = new MemoryStream();
        await files[0].Content!.DecodeToAsync(first);
        Assert.Equal(Pdf, first.ToArray());
        Assert.Equal("application/pdf", files[0].ContentType.MimeType);

        var stored = (await LettersAsync(ids))[ids[0]];
        Assert.Equal((OutboxState.Sent, 1, null), (stored.State, stored.Attempts, stored.LastError));
        Assert.NotNull(stored.SentAtUtc);
        Assert.Equal(stored.MessageId, letter.MessageId);
    }

    [Fact]
    public async Task The_same_file_in_many_letters_is_stored_once()
    {
        await SettleAsync();
        var content = Guid.NewGuid().ToByteArray().Concat(Pdf).ToArray();
        var ids = await EnqueueAsync(3, "dedup", i => new OutboxLetter($"d{i}@example.test", null, "s", "b") { Attachments = [new OutboxFile($"f{i}.pdf", "application/pdf", content)] });
        var fileIds = await Db(db => db.Set<OutboxAttachment>().Where(a => ids.Contains(a.OutboxMessageId)).Select(a => a.StoredFileId).Distinct().ToListAsync());
        Assert.Single(fileIds);
    }

    [Fact]
    public async Task A_server_that_is_down_then_up_gets_each_letter_exactly_once()
    {
        await SettleAsync();
        var port = TestSmtpServer.FreePort();
        var ids = await EnqueueAsync(3, "outage");
        // The worker's clock moves only when the test says so: back-off is judged against it, not against how
        // long a round happened to take on a busy machine.
        var clock = new StepClock(DateTimeOffset.UtcNow.AddSeconds(1));
        var delivery = Delivery(port, clock: clock);

        var round = await delivery.RunBatchAsync("w1", default);
        Assert.Equal((3, false), (round.Claimed, round.ServerReached));
        var waiting = await LettersAsync(ids);
        Assert.All(waiting.Values, m => Assert.Equal((OutboxState.Pending, 1), (m.State, m.Attempts)));
        Assert.All(waiting.Values, m => Assert.False(string.IsNullOrEmpty(m.LastError)));
        Assert.All(waiting.Values, m => Assert.True(m.NextAttemptUtc > clock.GetUtcNow().UtcDateTime, "a back-off was set"));
        // Within the back-off nothing is claimed.
        Assert.Equal(0, (await delivery.RunBatchAsync("w1", default)).Claimed);

        await using var smtp = await TestSmtpServer.StartAsync(port);
        // The first attempt after the outage is answered "try later" (4xx): another back-off, then accepted.
        var refusedOnce = new System.Collections.Concurrent.ConcurrentDictionary<string, bool>();
        smtp.Answer = m => refusedOnce.TryAdd(m.MessageId ?? "", true) ? new SmtpResponse((SmtpReplyCode)451, "4.3.0 Try again later") : null;
        clock.Advance(TimeSpan.FromSeconds(1.2));
        await DrainAsync(delivery, "w1");
        clock.Advance(TimeSpan.FromSeconds(1.2));
        await DrainAsync(delivery, "w1");
        clock.Advance(TimeSpan.FromSeconds(1.2));
        await DrainAsync(delivery, "w1");

        Assert.All(smtp.CountsByMessageId().Values, n => Assert.Equal(1, n));
        Assert.Equal(3, smtp.Received.Count);
        var sent = await LettersAsync(ids);
        Assert.All(sent.Values, m => Assert.Equal((OutboxState.Sent, 3), (m.State, m.Attempts)));
    }

    [Fact]
    public async Task A_refused_recipient_fails_at_once_with_the_servers_reason_and_the_rest_goes_on()
    {
        await SettleAsync();
        await using var smtp = await TestSmtpServer.StartAsync();
        smtp.Refused["nobody@example.test"] = true;
        var ids = await EnqueueAsync(3, "refused", i => new OutboxLetter(i == 1 ? "nobody@example.test" : $"ok{i}@example.test", null, $"refused {i}", "b"));

        await DrainAsync(Delivery(smtp.Port), "w1");

        var letters = await LettersAsync(ids);
        var refused = letters[ids[1]];
        Assert.Equal((OutboxState.Failed, 1), (refused.State, refused.Attempts));
        Assert.StartsWith("550", refused.LastError);
        Assert.Equal([OutboxState.Sent, OutboxState.Sent], new[] { letters[ids[0]].State, letters[ids[2]].State });
        Assert.Equal(["refused 0", "refused 2"], smtp.Received.Select(m => m.Subject).Order());
    }

    [Fact]
    public async Task A_letter_answered_4xx_every_time_fails_after_the_allowed_attempts_and_can_be_resent()
    {
        await SettleAsync();
        await using var smtp = await TestSmtpServer.StartAsync();
        smtp.Answer = _ => new SmtpResponse((SmtpReplyCode)452, "4.2.2 Mailbox full");
        var ids = await EnqueueAsync(1, "full");
        var delivery = Delivery(smtp.Port, o => (o.MaxAttempts, o.RetryBaseDelay, o.RetryMaxDelay) = (3, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100)));
        for (var i = 0; i < 30 && (await LettersAsync(ids))[ids[0]].State != OutboxState.Failed; i++)
        {
            await delivery.RunBatchAsync("w1", default);
            await Task.Delay(120);
        }
        var failed = (await LettersAsync(ids))[ids[0]];
        Assert.Equal((OutboxState.Failed, 3), (failed.State, failed.Attempts));
        Assert.Contains("Mailbox full", failed.LastError);
        Assert.StartsWith("452", failed.LastError);

        smtp.Answer = null;
        Assert.True(await app.WithServiceAsync<MailOutbox, bool>(o => o.RetryAsync(ids[0], default)));
        Assert.False(await app.WithServiceAsync<MailOutbox, bool>(o => o.RetryAsync(ids[0], default)));
        await DrainAsync(delivery, "w1");
        var sent = (await LettersAsync(ids))[ids[0]];
        Assert.Equal(OutboxState.Sent, sent.State);
        Assert.Equal(failed.MessageId, Assert.Single(smtp.Received).MessageId);
    }

    [Fact]
    public async Task A_worker_that_dies_holding_a_claim_loses_nothing_and_doubles_nothing()
    {
        await SettleAsync();
        await using var smtp = await TestSmtpServer.StartAsync();
        var ids = await EnqueueAsync(6, "crash");
        var lease = TimeSpan.FromSeconds(1);
        // The first worker claims a batch and is never heard of again (the process was killed).
        var dead = Delivery(smtp.Port, o => (o.LeaseDuration, o.BatchSize) = (lease, 4));
        Assert.Equal(4, (await dead.ClaimAsync("dead/claim", 4, default)).Count);

        var alive = Delivery(smtp.Port, o => o.LeaseDuration = lease);
        await DrainAsync(alive, "alive");
        Assert.Equal(2, smtp.Received.Count);
        await Task.Delay(lease + TimeSpan.FromMilliseconds(300));
        await DrainAsync(alive, "alive");

        Assert.Equal(6, smtp.Received.Count);
        Assert.All(smtp.CountsByMessageId().Values, n => Assert.Equal(1, n));
        Assert.All((await LettersAsync(ids)).Values, m => Assert.Equal(OutboxState.Sent, m.State));
    }

    [Fact]
    public async Task An_app_stopped_in_the_middle_of_a_batch_hands_the_rest_to_the_next_start()
    {
        await SettleAsync();
        await using var smtp = await TestSmtpServer.StartAsync();
        var ids = await EnqueueAsync(12, "restart");
        var third = new TaskCompletionSource();
        smtp.OnKept = _ =>
        {
            if (smtp.Received.Count == 3)
            {
                third.TrySetResult();
            }
        };

        // A second instance of the app on the same database, with its worker on: it stops after the third letter.
        var first = Instance(smtp.Port);
        _ = first.Server;
        await third.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await first.DisposeAsync();
        var afterStop = smtp.Received.Count;
        Assert.InRange(afterStop, 3, 11);
        Assert.True(await Db(db => db.Set<OutboxMessage>().AnyAsync(m => ids.Contains(m.Id) && m.State == OutboxState.Pending)), "the stop left letters for later");
        Assert.False(await Db(db => db.Set<OutboxMessage>().AnyAsync(m => ids.Contains(m.Id) && m.State == OutboxState.Sending)), "the stop released its claim");

        await using var second = Instance(smtp.Port);
        _ = second.Server;
        await smtp.WaitForAsync(12);
        await Task.Delay(500);
        Assert.Equal(12, smtp.Received.Count);
        Assert.All(smtp.CountsByMessageId().Values, n => Assert.Equal(1, n));
        Assert.All((await LettersAsync(ids)).Values, m => Assert.Equal(OutboxState.Sent, m.State));
    }

    [Fact]
    public async Task With_a_files_folder_the_bytes_live_there_and_the_letter_still_carries_them()
    {
        await SettleAsync();
        var folder = Path.Combine(Path.GetTempPath(), "webcrm-files-" + Guid.NewGuid().ToString("N"));
        await using var withFolder = app.WithWebHostBuilder(b => b.UseSetting("Files:Folder", folder));
        try
        {
            await using var smtp = await TestSmtpServer.StartAsync();
            var content = Guid.NewGuid().ToByteArray().Concat(Pdf).ToArray();
            var ids = await WithFolderAsync(withFolder, async outbox => new List<int>
            {
                await outbox.EnqueueAsync(new OutboxLetter("f0@example.test", null, "folder 0", "b") { Attachments = [new OutboxFile("Прайс.pdf", "application/pdf", content)] }, "Tests", default),
                await outbox.EnqueueAsync(new OutboxLetter("f1@example.test", null, "folder 1", "b") { Attachments = [new OutboxFile("Прайс.pdf", "application/pdf", content)] }, "Tests", default),
            });
            var fileIds = await Db(db => db.Set<OutboxAttachment>().Where(a => ids.Contains(a.OutboxMessageId)).Select(a => a.StoredFileId).Distinct().ToListAsync());
            var fileId = Assert.Single(fileIds);
            var file = await Db(db => db.Set<StoredFile>().AsNoTracking().SingleAsync(f => f.Id == fileId));
            Assert.Equal((true, 0), (file.InFolder, file.Content.Length));
            Assert.Equal(content, await File.ReadAllBytesAsync(StoredFiles.PathIn(folder, file.Sha256)));

            await DrainAsync(Delivery(smtp.Port, services: withFolder.Services), "w1");
            Assert.Equal(2, smtp.Received.Count);
            foreach (var letter in smtp.Received)
            {
                var part = Assert.Single(letter.Attachments.OfType<MimePart>());
                using var bytes = new MemoryStream();
                await part.Content!.DecodeToAsync(bytes);
                Assert.Equal(content, bytes.ToArray());
                Assert.Equal("Прайс.pdf", part.FileName);
            }

            // A file gone from the folder fails its letter with the reason instead of sending it without the file.
            var missing = Guid.NewGuid().ToByteArray();
            var lost = await WithFolderAsync(withFolder, async outbox =>
                await outbox.EnqueueAsync(new OutboxLetter("f2@example.test", null, "folder 2", "b") { Attachments = [new OutboxFile("x.txt", "text/plain", missing)] }, "Tests", default));
            File.Delete(StoredFiles.PathIn(folder, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(missing))));
            await DrainAsync(Delivery(smtp.Port, services: withFolder.Services), "w1");
            var failed = (await LettersAsync([lost]))[lost];
            Assert.Equal(OutboxState.Failed, failed.State);
            Assert.Contains("files folder", failed.LastError);
            Assert.Equal(2, smtp.Received.Count);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<T> WithFolderAsync<T>(WebApplicationFactory<Program> factory, Func<MailOutbox, Task<T>> action)
    {
        using var scope = factory.Services.CreateScope();
        return await action(scope.ServiceProvider.GetRequiredService<MailOutbox>());
    }

    /// <summary>Another instance of the app on this class's database, its outbox worker sending to <paramref name="port"/>.</summary>
    private WebApplicationFactory<Program> Instance(int port) => app.WithWebHostBuilder(b =>
    {
        b.UseSetting("Smtp:Host", "127.0.0.1");
        b.UseSetting("Smtp:Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        b.UseSetting("Smtp:Security", "None");
        b.UseSetting("Outbox:BatchSize", "5");
        b.UseSetting("Outbox:PollInterval", "00:00:00.200");
    });
}

public sealed class OutboxTestsSqlite(IsolatedSqliteApp app) : OutboxTests(app), IClassFixture<IsolatedSqliteApp>;

public sealed class OutboxTestsPostgreSql(IsolatedPostgreSqlApp app) : OutboxTests(app), IClassFixture<IsolatedPostgreSqlApp>
{
    [Fact]
    public async Task Two_workers_on_one_database_send_500_letters_without_a_duplicate()
    {
        await SettleAsync();
        await using var smtp = await TestSmtpServer.StartAsync();
        var ids = await EnqueueAsync(500, "pair");
        var a = Delivery(smtp.Port);
        var b = Delivery(smtp.Port);
        var claimedBy = new int[2];
        async Task Run(OutboxDelivery delivery, string name, int slot)
        {
            var idle = 0;
            while (idle < 3)
            {
                var round = await delivery.RunBatchAsync(name, default);
                claimedBy[slot] += round.Claimed;
                idle = round.Claimed == 0 ? idle + 1 : 0;
            }
        }
        await Task.WhenAll(Task.Run(() => Run(a, "node-a", 0)), Task.Run(() => Run(b, "node-b", 1)));

        Assert.Equal(500, smtp.Received.Count);
        Assert.Equal(500, smtp.CountsByMessageId().Count);
        Assert.All((await LettersAsync(ids)).Values, m => Assert.Equal((OutboxState.Sent, 1), (m.State, m.Attempts)));
        Assert.True(claimedBy[0] > 0 && claimedBy[1] > 0, $"both workers took part ({claimedBy[0]} / {claimedBy[1]})");
    }
}

/// <summary>A clock that stands still until the test moves it.</summary>
internal sealed class StepClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
