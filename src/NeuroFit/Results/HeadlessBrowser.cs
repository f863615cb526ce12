using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NeuroFit.Results;

/// <summary>No Chromium/Chrome was found to render a report.</summary>
public sealed class BrowserNotFoundException(string message) : Exception(message);

/// <summary>The browser started but could not load or render the page (it crashed, timed out, or refused the connection).</summary>
public sealed class BrowserFailedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>One image of a rendered page.</summary>
/// <param name="Alt">Its alt text (or src when it has none).</param>
/// <param name="NaturalWidth">Width of the decoded image in pixels; 0 when it did not load.</param>
/// <param name="NaturalHeight">Height of the decoded image in pixels; 0 when it did not load.</param>
public sealed record RenderedImage(string Alt, int NaturalWidth, int NaturalHeight)
{
    /// <summary>True when the image decoded to a non-empty picture.</summary>
    public bool Loaded => NaturalWidth > 0 && NaturalHeight > 0;
}

/// <summary>What a real browser made of a page.</summary>
/// <param name="Title">The document title.</param>
/// <param name="SectionIds">The id of every <c>section</c> element, in document order.</param>
/// <param name="Images">Every <c>img</c> element with its decoded size.</param>
/// <param name="ConsoleErrors">Console errors, uncaught exceptions and failed loads the browser logged.</param>
/// <param name="Screenshot">PNG of the whole page at <see cref="HeadlessBrowser.ViewportWidth"/> CSS pixels wide.</param>
/// <param name="Text">The page's visible text (<c>document.body.innerText</c>).</param>
public sealed record RenderResult(string Title, IReadOnlyList<string> SectionIds, IReadOnlyList<RenderedImage> Images,
    IReadOnlyList<string> ConsoleErrors, byte[] Screenshot, string Text)
{
    /// <summary>Human-readable problems: console errors and images that did not load. Empty when the page rendered cleanly.</summary>
    public IReadOnlyList<string> Problems =>
    [
        .. ConsoleErrors.Select(e => $"console error: {e}"),
        .. Images.Where(i => !i.Loaded).Select(i => $"image '{i.Alt}' did not load ({i.NaturalWidth}×{i.NaturalHeight})"),
    ];
}

/// <summary>
/// Renders a local HTML file in headless Chromium through the DevTools protocol (a WebSocket; no driver package):
/// loads it, waits for every image to decode, collects console errors, reads the sections and images, and takes a
/// full-page screenshot. The browser runs with a fresh profile folder and the flags a closed network needs
/// (no background networking, component updates or sync), and is killed afterwards.
/// </summary>
public static class HeadlessBrowser
{
    /// <summary>Environment variable naming the browser executable (else /usr/bin/chromium, chromium, google-chrome on PATH).</summary>
    public const string EnvVar = "NEUROFIT_CHROMIUM";

    /// <summary>How to get a browser, for error messages.</summary>
    public const string InstallHint = "install Chromium (Debian/Ubuntu: sudo apt-get install chromium) or set " + EnvVar + "=/path/to/chromium";

    /// <summary>Width of the page in CSS pixels.</summary>
    public const int ViewportWidth = 1200;

    /// <summary>The browser executable, or null when none is installed.</summary>
    public static string? Find()
    {
        if (Environment.GetEnvironmentVariable(EnvVar) is { Length: > 0 } given) return File.Exists(given) ? given : null;
        string[] names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"];
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return names.SelectMany(n => path.Select(d => Path.Combine(d, n))).Prepend("/usr/bin/chromium").FirstOrDefault(File.Exists);
    }

    /// <summary>Renders <paramref name="htmlFile"/>; see the class summary.</summary>
    /// <exception cref="BrowserNotFoundException">No browser is installed.</exception>
    /// <exception cref="BrowserFailedException">The browser did not start, load or answer in time.</exception>
    public static RenderResult Render(string htmlFile, TimeSpan? timeout = null)
    {
        var executable = Find() ?? throw new BrowserNotFoundException($"no Chromium or Chrome found: {InstallHint}");
        if (!File.Exists(htmlFile)) throw new FileNotFoundException($"{htmlFile}: no such file", htmlFile);
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        var profile = Directory.CreateTempSubdirectory("neurofit-chromium-").FullName;
        Process? process = null;
        try
        {
            process = Start(executable, profile);
            var endpoint = WaitForEndpoint(process, profile, cancel.Token);
            using var session = DevToolsSession.ConnectAsync(endpoint, cancel.Token).GetAwaiter().GetResult();
            return RenderAsync(session, new Uri(Path.GetFullPath(htmlFile)).AbsoluteUri, cancel.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException e)
        {
            throw new BrowserFailedException($"{executable} did not render {htmlFile} within {(timeout ?? TimeSpan.FromSeconds(60)).TotalSeconds:F0} s", e);
        }
        catch (Exception e) when (e is WebSocketException or IOException or JsonException)
        {
            throw new BrowserFailedException($"{executable} failed while rendering {htmlFile}: {e.Message}", e);
        }
        finally
        {
            if (process is not null)
            {
                try { if (!process.HasExited) { process.Kill(entireProcessTree: true); process.WaitForExit(10_000); } }
                catch (InvalidOperationException) { }
                process.Dispose();
            }
            try { Directory.Delete(profile, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static Process Start(string executable, string profile)
    {
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-default-apps", "--mute-audio",
                     "--hide-scrollbars", "--disable-dev-shm-usage", "--remote-debugging-port=0", $"--user-data-dir={profile}", "about:blank",
                 })
            info.ArgumentList.Add(argument);
        Process process;
        try { process = Process.Start(info) ?? throw new BrowserFailedException($"{executable} did not start"); }
        catch (System.ComponentModel.Win32Exception e) { throw new BrowserFailedException($"{executable} could not be started: {e.Message}", e); }
        // drain the pipes so that a chatty browser never blocks on a full pipe
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Chromium writes the port and browser path of its DevTools endpoint into the profile folder.</summary>
    private static Uri WaitForEndpoint(Process process, string profile, CancellationToken cancel)
    {
        var file = Path.Combine(profile, "DevToolsActivePort");
        while (true)
        {
            cancel.ThrowIfCancellationRequested();
            if (process.HasExited) throw new BrowserFailedException($"the browser exited with code {process.ExitCode} before it opened its DevTools port");
            if (File.Exists(file))
            {
                string[] lines;
                try { lines = File.ReadAllLines(file); } catch (IOException) { lines = []; }
                if (lines.Length >= 2 && int.TryParse(lines[0], out var port)) return new Uri($"ws://127.0.0.1:{port}{lines[1]}");
            }
            Thread.Sleep(50);
        }
    }

    private const string InspectScript = """
        (async () => {
          await Promise.all([...document.images].map(i => i.decode().catch(() => null)));
          if (document.fonts) await document.fonts.ready;
          return JSON.stringify({
            title: document.title,
            sections: [...document.querySelectorAll('section[id]')].map(s => s.id),
            images: [...document.images].map(i => ({ alt: i.alt || i.src.slice(0, 60), w: i.naturalWidth, h: i.naturalHeight })),
            height: Math.ceil(Math.max(document.documentElement.scrollHeight, document.body ? document.body.scrollHeight : 0)),
            text: document.body ? document.body.innerText : ''
          });
        })()
        """;

    private static async Task<RenderResult> RenderAsync(DevToolsSession browser, string url, CancellationToken cancel)
    {
        var target = await browser.SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" }, null, cancel);
        var attached = await browser.SendAsync("Target.attachToTarget",
            new JsonObject { ["targetId"] = target["targetId"]!.GetValue<string>(), ["flatten"] = true }, null, cancel);
        var page = attached["sessionId"]!.GetValue<string>();
        var errors = new List<string>();
        browser.OnEvent = (method, session, p) =>
        {
            if (session != page) return;
            string? error = method switch
            {
                "Runtime.consoleAPICalled" when p["type"]?.GetValue<string>() is "error" or "assert" =>
                    string.Join(" ", (p["args"] as JsonArray ?? []).Select(a => a?["value"]?.ToString() ?? a?["description"]?.ToString() ?? "")),
                "Runtime.exceptionThrown" =>
                    p["exceptionDetails"]?["exception"]?["description"]?.ToString() ?? p["exceptionDetails"]?["text"]?.ToString() ?? "exception",
                "Log.entryAdded" when p["entry"]?["level"]?.GetValue<string>() == "error" => $"{p["entry"]?["text"]} {p["entry"]?["url"]}".Trim(),
                _ => null,
            };
            if (error is not null) lock (errors) errors.Add(error);
        };
        foreach (var domain in new[] { "Page.enable", "Runtime.enable", "Log.enable" }) await browser.SendAsync(domain, null, page, cancel);
        await browser.SendAsync("Emulation.setDeviceMetricsOverride", Metrics(900), page, cancel);
        var loaded = browser.WaitForEvent("Page.loadEventFired", page);
        var navigation = await browser.SendAsync("Page.navigate", new JsonObject { ["url"] = url }, page, cancel);
        if (navigation["errorText"]?.GetValue<string>() is { Length: > 0 } navigationError) throw new BrowserFailedException($"could not load {url}: {navigationError}");
        await loaded.WaitAsync(cancel);
        var evaluated = await browser.SendAsync("Runtime.evaluate",
            new JsonObject { ["expression"] = InspectScript, ["awaitPromise"] = true, ["returnByValue"] = true }, page, cancel);
        if (evaluated["exceptionDetails"] is { } failed) throw new BrowserFailedException($"inspecting the page failed: {failed}");
        var info = JsonNode.Parse(evaluated["result"]!["value"]!.GetValue<string>())!;
        var height = Math.Clamp(info["height"]!.GetValue<int>(), 100, 30_000);
        await browser.SendAsync("Emulation.setDeviceMetricsOverride", Metrics(height), page, cancel);
        var shot = await browser.SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true }, page, cancel);
        string[] errorList;
        lock (errors) errorList = [.. errors];
        return new RenderResult(
            info["title"]!.GetValue<string>(),
            [.. info["sections"]!.AsArray().Select(s => s!.GetValue<string>())],
            [.. info["images"]!.AsArray().Select(i => new RenderedImage(i!["alt"]!.GetValue<string>(), i["w"]!.GetValue<int>(), i["h"]!.GetValue<int>()))],
            errorList,
            Convert.FromBase64String(shot["data"]!.GetValue<string>()),
            info["text"]!.GetValue<string>());
    }

    private static JsonObject Metrics(int height) => new()
    {
        ["width"] = ViewportWidth, ["height"] = height, ["deviceScaleFactor"] = 1, ["mobile"] = false,
    };

    /// <summary>A DevTools protocol connection: commands with ids, answers matched by id, events to a callback.</summary>
    private sealed class DevToolsSession : IDisposable
    {
        private readonly ClientWebSocket _socket = new();
        private readonly Dictionary<int, TaskCompletionSource<JsonNode>> _pending = [];
        private readonly List<(string Method, string Session, TaskCompletionSource Done)> _waits = [];
        private readonly object _gate = new();
        private readonly SemaphoreSlim _sending = new(1, 1);
        private int _nextId;
        private Task? _reader;

        public Action<string, string?, JsonNode>? OnEvent { get; set; }

        public static async Task<DevToolsSession> ConnectAsync(Uri endpoint, CancellationToken cancel)
        {
            var session = new DevToolsSession();
            session._socket.Options.KeepAliveInterval = TimeSpan.Zero;
            await session._socket.ConnectAsync(endpoint, cancel);
            session._reader = Task.Run(() => session.ReadAsync(cancel), cancel);
            return session;
        }

        public Task WaitForEvent(string method, string session)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate) _waits.Add((method, session, done));
            return done.Task;
        }

        public async Task<JsonNode> SendAsync(string method, JsonObject? parameters, string? session, CancellationToken cancel)
        {
            var answer = new TaskCompletionSource<JsonNode>(TaskCreationOptions.RunContinuationsAsynchronously);
            int id;
            lock (_gate)
            {
                id = ++_nextId;
                _pending[id] = answer;
            }
            var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
            if (session is not null) message["sessionId"] = session;
            var bytes = Encoding.UTF8.GetBytes(message.ToJsonString());
            await _sending.WaitAsync(cancel);
            try { await _socket.SendAsync(bytes, WebSocketMessageType.Text, true, cancel); }
            finally { _sending.Release(); }
            return await answer.Task.WaitAsync(cancel);
        }

        private async Task ReadAsync(CancellationToken cancel)
        {
            var buffer = new byte[1 << 16];
            var message = new MemoryStream();
            try
            {
                while (_socket.State == WebSocketState.Open)
                {
                    var received = await _socket.ReceiveAsync(buffer, cancel);
                    if (received.MessageType == WebSocketMessageType.Close) break;
                    message.Write(buffer, 0, received.Count);
                    if (!received.EndOfMessage) continue;
                    var node = JsonNode.Parse(message.GetBuffer().AsSpan(0, (int)message.Length));
                    message.SetLength(0);
                    if (node is not null) Dispatch(node);
                }
                Fail(new BrowserFailedException("the browser closed the DevTools connection"));
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or JsonException or IOException)
            {
                Fail(e is OperationCanceledException ? e : new BrowserFailedException($"the DevTools connection failed: {e.Message}", e));
            }
        }

        private void Dispatch(JsonNode node)
        {
            if (node["id"] is { } idNode)
            {
                TaskCompletionSource<JsonNode>? answer;
                lock (_gate) { _pending.Remove(idNode.GetValue<int>(), out answer); }
                if (node["error"] is { } error) answer?.TrySetException(new BrowserFailedException($"DevTools error: {error["message"]}"));
                else answer?.TrySetResult(node["result"] ?? new JsonObject());
                return;
            }
            var method = node["method"]?.GetValue<string>() ?? "";
            var session = node["sessionId"]?.GetValue<string>();
            var parameters = node["params"] ?? new JsonObject();
            OnEvent?.Invoke(method, session, parameters);
            lock (_gate)
            {
                for (var i = _waits.Count - 1; i >= 0; i--)
                    if (_waits[i].Method == method && _waits[i].Session == session) { _waits[i].Done.TrySetResult(); _waits.RemoveAt(i); }
            }
        }

        private void Fail(Exception e)
        {
            lock (_gate)
            {
                foreach (var answer in _pending.Values) answer.TrySetException(e);
                _pending.Clear();
                foreach (var wait in _waits) wait.Done.TrySetException(e);
                _waits.Clear();
            }
        }

        public void Dispose()
        {
            try
            {
                if (_socket.State == WebSocketState.Open)
                    _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None).Wait(TimeSpan.FromSeconds(2));
            }
            catch (Exception e) when (e is WebSocketException or AggregateException or ObjectDisposedException) { }
            _socket.Dispose();
            _sending.Dispose();
            _ = _reader;
        }
    }
}
