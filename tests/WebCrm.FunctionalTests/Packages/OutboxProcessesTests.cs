using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using SmtpServer.Protocol;
using WebCrm.Domain.Packages;
using WebCrm.FunctionalTests.Infrastructure;
using WebCrm.Web.Features.Packages.Outbox;

namespace WebCrm.FunctionalTests.Packages;

/// <summary>
/// Two real app processes (the built WebCrm.Web.dll, started with <c>dotnet</c>) on one PostgreSQL database, both
/// delivering the outbox to one SMTP server the test runs: every letter arrives once, and killing one process in the
/// middle of handing a letter over loses nothing. Each process signs its letters with a sender address of its own, so
/// the server can tell who sent what. Nothing waits a fixed time for a result: every wait polls with a deadline.
/// </summary>
public sealed class OutboxProcessesTests(IsolatedPostgreSqlApp app) : IClassFixture<IsolatedPostgreSqlApp>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task Two_app_processes_deliver_each_letter_once_and_a_killed_one_loses_nothing()
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        await using var a = AppProcess.Start("node-a", app.DatabaseConnectionString, smtp.Port);
        await using var b = AppProcess.Start("node-b", app.DatabaseConnectionString, smtp.Port);
        await Task.WhenAll(a.WaitReadyAsync(Deadline), b.WaitReadyAsync(Deadline));

        // Both running: a batch of 120 letters, each delivered once, by both processes.
        var first = await EnqueueAsync(120, "pair");
        await WaitSentAsync(first, smtp, 120, a, b);
        var counts = smtp.CountsByMessageId();
        Assert.All(counts.Values, n => Assert.Equal(1, n));
        Assert.Equal(await MessageIdsAsync(first), counts.Keys.Order(StringComparer.Ordinal).ToList());
        var bySender = smtp.Received.GroupBy(m => m.From.Mailboxes.Single().Address).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(bySender.GetValueOrDefault(a.Address) > 0 && bySender.GetValueOrDefault(b.Address) > 0,
            $"both processes took part ({string.Join(", ", bySender.Select(p => p.Key + ": " + p.Value))})");

        // The next batch: the server holds the third letter one process hands over (it waits for the reply to its
        // letter, its batch claimed), the test kills that process there, and the server refuses the letter it can no
        // longer acknowledge. The other process takes over the killed one's claim when its lease runs out.
        var phase = new ConcurrentDictionary<string, int>();
        var held = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        smtp.AnswerLater = async message =>
        {
            var sender = message.From.Mailboxes.Single().Address;
            if ((message.Subject ?? "").StartsWith("kill ", StringComparison.Ordinal) && phase.AddOrUpdate(sender, 1, (_, n) => n + 1) == 3 && held.TrySetResult(sender))
            {
                await killed.Task;
                return new SmtpResponse((SmtpReplyCode)451, "4.3.0 Not kept");
            }
            return null;
        };
        var second = await EnqueueAsync(60, "kill");
        var victimAddress = await held.Task.WaitAsync(Deadline);
        var (victim, survivor) = victimAddress == a.Address ? (a, b) : (b, a);
        victim.Kill();
        killed.SetResult();

        await WaitSentAsync(first.Concat(second).ToList(), smtp, 180, survivor);
        counts = smtp.CountsByMessageId();
        Assert.All(counts, p => Assert.True(p.Value == 1, $"{p.Key} arrived {p.Value} times"));
        Assert.Equal(await MessageIdsAsync(first.Concat(second).ToList()), counts.Keys.Order(StringComparer.Ordinal).ToList());
        Assert.True(smtp.Received.Count(m => (m.Subject ?? "").StartsWith("kill ", StringComparison.Ordinal) && m.From.Mailboxes.Single().Address == victim.Address) == 2,
            "the killed process had handed over two letters of the batch before it died");
        Assert.True(survivor.IsRunning, survivor.Output());
    }

    private Task<List<int>> EnqueueAsync(int count, string tag) =>
        app.WithServiceAsync<MailOutbox, List<int>>(async outbox =>
        {
            var ids = new List<int>();
            for (var i = 0; i < count; i++)
            {
                ids.Add(await outbox.EnqueueAsync(new OutboxLetter($"{tag}{i}@example.test", null, $"{tag} {i}", $"Письмо {i}"), "Tests", default));
            }
            return ids;
        });

    private Task<List<string>> MessageIdsAsync(List<int> ids) =>
        app.InDbAsync(async db => (await db.Set<OutboxMessage>().AsNoTracking().Where(m => ids.Contains(m.Id)).Select(m => m.MessageId).ToListAsync())
            .Order(StringComparer.Ordinal).ToList());

    /// <summary>Polls until every letter is marked sent and the server kept <paramref name="received"/> letters, or fails at the deadline.</summary>
    private async Task WaitSentAsync(List<int> ids, TestSmtpServer smtp, int received, params AppProcess[] running)
    {
        var until = DateTime.UtcNow + Deadline;
        while (true)
        {
            var unsent = await app.InDbAsync(db => db.Set<OutboxMessage>().CountAsync(m => ids.Contains(m.Id) && m.State != OutboxState.Sent));
            if (unsent == 0 && smtp.Received.Count >= received)
            {
                return;
            }
            var stopped = running.FirstOrDefault(p => !p.IsRunning);
            if (DateTime.UtcNow > until || stopped is not null)
            {
                Assert.Fail($"{unsent} letters not sent, the server kept {smtp.Received.Count} of {received}."
                    + (stopped is null ? "" : $" {stopped.Name} stopped:\n{stopped.Output()}"));
            }
            await Task.Delay(100);
        }
    }

    /// <summary>One app process: WebCrm.Web.dll of this build, configured through its environment.</summary>
    private sealed class AppProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();
        private readonly int _port;

        public string Name { get; }
        public string Address => Name + "@example.test";
        public bool IsRunning => !_process.HasExited;

        private AppProcess(string name, Process process, int port)
        {
            (Name, _process, _port) = (name, process, port);
        }

        public static AppProcess Start(string name, string connectionString, int smtpPort)
        {
            var dll = WebDll();
            var port = TestSmtpServer.FreePort();
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(dll);
            var settings = new Dictionary<string, string>
            {
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["Database__Provider"] = "PostgreSQL",
                ["ConnectionStrings__Crm"] = connectionString,
                ["Seed__DemoData"] = "false",
                ["Logging__LogLevel__Default"] = "Warning",
                ["Smtp__Host"] = "127.0.0.1",
                ["Smtp__Port"] = smtpPort.ToString(CultureInfo.InvariantCulture),
                ["Smtp__Security"] = "None",
                ["Smtp__FromAddress"] = name + "@example.test",
                ["Outbox__BatchSize"] = "5",
                ["Outbox__PollInterval"] = "00:00:00.200",
                // Long enough that a letter in hand on a busy machine keeps its lease, short enough for the test.
                ["Outbox__LeaseDuration"] = "00:00:08",
            };
            foreach (var (key, value) in settings)
            {
                start.Environment[key] = value;
            }
            var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
            var result = new AppProcess(name, process, port);
            process.OutputDataReceived += (_, e) => result.Append(e.Data);
            process.ErrorDataReceived += (_, e) => result.Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return result;
        }

        /// <summary>The web project's build output of the configuration these tests were built in (…/bin/Release/net10.0/).</summary>
        private static string WebDll()
        {
            var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var (framework, configuration) = (testBin.Name, testBin.Parent!.Name);
            var root = testBin;
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "WebCrm.sln")))
            {
                root = root.Parent;
            }
            var dll = Path.Combine(root?.FullName ?? "", "src", "WebCrm.Web", "bin", configuration, framework, "WebCrm.Web.dll");
            Assert.True(File.Exists(dll), $"The built app is needed at {dll} (build the solution first).");
            return dll;
        }

        private void Append(string? line)
        {
            if (line is not null)
            {
                lock (_output)
                {
                    _output.AppendLine(line);
                }
            }
        }

        public string Output()
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }

        /// <summary>Polls the health endpoint until it answers 200 (the database is migrated and the worker is started).</summary>
        public async Task WaitReadyAsync(TimeSpan within)
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var until = DateTime.UtcNow + within;
            while (DateTime.UtcNow < until && IsRunning)
            {
                try
                {
                    if ((await http.GetAsync($"http://127.0.0.1:{_port}/health")).StatusCode == HttpStatusCode.OK)
                    {
                        return;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or SocketException)
                {
                }
                await Task.Delay(100);
            }
            Assert.Fail($"{Name} did not answer on /health:\n{Output()}");
        }

        public void Kill()
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        public async ValueTask DisposeAsync()
        {
            if (IsRunning)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
            _process.Dispose();
        }
    }
}
