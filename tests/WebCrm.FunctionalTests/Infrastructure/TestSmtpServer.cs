using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace WebCrm.FunctionalTests.Infrastructure;

/// <summary>
/// A real SMTP server on loopback (the SmtpServer package), keeping every letter it accepts. Recipients in
/// <see cref="Refused"/> are refused at RCPT with 550; <see cref="Answer"/> may answer a letter with any reply instead of 250.
/// </summary>
public sealed class TestSmtpServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    public int Port { get; }
    public ConcurrentQueue<MimeMessage> Received { get; } = new();
    public ConcurrentDictionary<string, bool> Refused { get; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>Decides on each letter before it is kept: null keeps it (250), a response refuses it.</summary>
    public Func<MimeMessage, SmtpResponse?>? Answer { get; set; }
    /// <summary>
    /// Like <see cref="Answer"/>, but may take its time: the client waits for the reply to its letter meanwhile (a test
    /// holds a letter in the middle of its hand-over this way). Asked after <see cref="Answer"/>.
    /// </summary>
    public Func<MimeMessage, Task<SmtpResponse?>>? AnswerLater { get; set; }
    /// <summary>Called after a letter was kept (and before the server's 250 reaches the client).</summary>
    public Action<MimeMessage>? OnKept { get; set; }

    private TestSmtpServer(int port)
    {
        Port = port;
        var options = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        services.Add(new Filter(this));
        _running = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
    }

    /// <summary>Starts a server on <paramref name="port"/> (a free one when null) and waits until it accepts connections.</summary>
    public static async Task<TestSmtpServer> StartAsync(int? port = null)
    {
        var server = new TestSmtpServer(port ?? FreePort());
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, server.Port);
                return server;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        throw new InvalidOperationException($"The test SMTP server did not start on port {server.Port}.");
    }

    /// <summary>A loopback port nothing listens on right now.</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>The letters kept so far, by Message-ID, with how often each arrived.</summary>
    public IReadOnlyDictionary<string, int> CountsByMessageId() =>
        Received.GroupBy(m => m.MessageId ?? "").ToDictionary(g => g.Key, g => g.Count());

    /// <summary>Waits until at least <paramref name="count"/> letters were kept.</summary>
    public async Task WaitForAsync(int count, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (Received.Count < count && DateTime.UtcNow < until)
        {
            await Task.Delay(50);
        }
        Assert.True(Received.Count >= count, $"expected {count} letters, the server got {Received.Count}");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }

    private sealed class Store(TestSmtpServer server) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            await using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            if (server.Answer?.Invoke(message) is { } refusal)
            {
                return refusal;
            }
            if (server.AnswerLater is { } later && await later(message) is { } lateRefusal)
            {
                return lateRefusal;
            }
            server.Received.Enqueue(message);
            server.OnKept?.Invoke(message);
            return SmtpResponse.Ok;
        }
    }

    private sealed class Filter(TestSmtpServer server) : IMailboxFilter
    {
        public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken) =>
            Task.FromResult(true);

        public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) =>
            Task.FromResult(!server.Refused.ContainsKey(to.AsAddress()));
    }
}
