using System.Diagnostics;
using System.Net.Http.Headers;

namespace Bandit.TestSupport;

/// <summary>
/// The project's bad-input rule, checked on every operation of a service's own OpenAPI document: each request of
/// <see cref="BadInputCases"/> must get an answer below 500; a 4xx must be the service's error shape
/// (<see cref="ErrorShape"/>); no answer may carry a stack trace; a route behind a credential answers 401 without the
/// right one; and a refused write leaves the service's state (<see cref="BadInputSweepOptions.SnapshotAsync"/>) as it was.
/// Writes the service accepted are listed (<see cref="SweepReport.Accepted"/>) for the test to judge.
/// </summary>
public static class BadInputSweep
{
    private static readonly TimeSpan _answerWithin = TimeSpan.FromSeconds(15);

    /// <summary>Fetches the document, sweeps every operation not skipped, and reports what broke the rule.</summary>
    public static async Task<SweepReport> RunAsync(BadInputSweepOptions options, string documentPath = "/openapi/v1.json")
    {
        var clock = Stopwatch.StartNew();
        var document = await options.Http.GetStringAsync(documentPath);
        var operations = SweepOperation.Parse(document);
        var report = new SweepReport();
        foreach (var key in options.Skip.Keys.Where(k => !operations.Any(o => (o.Method, o.Path) == k)))
        {
            report.Violations.Add($"{key.Method} {key.Path}: skipped, but not in the document");
        }

        var state = options.SnapshotAsync is null ? null : await options.SnapshotAsync();
        foreach (var operation in operations.Where(o => !options.Skip.ContainsKey((o.Method, o.Path))))
        {
            report.Operations.Add(operation.ToString());
            var sample = options.Samples.GetValueOrDefault((operation.Method, operation.Path));
            var wellFormed = sample?.Body ?? operation.SchemaSample?.ToJsonString();
            if (wellFormed is null && BadInputCases.ReadsJsonBody(operation, sample) && operation.Method != "DELETE")
            {
                report.Violations.Add($"{operation}: reads a body, but neither the document's schema nor a sample gives its fields");
            }

            foreach (var sweepCase in BadInputCases.For(operation, options, sample, wellFormed))
            {
                state = await SendAsync(options, sweepCase, report, state);
            }
        }

        report.Elapsed = clock.Elapsed;
        return report;
    }

    /// <summary>Sends one case, judges the answer, and returns the state to compare the next refusal with.</summary>
    private static async Task<string?> SendAsync(BadInputSweepOptions options, SweepCase sweepCase, SweepReport report, string? state)
    {
        report.Cases++;
        using var request = new HttpRequestMessage(new HttpMethod(sweepCase.Operation.Method),
            new Uri(options.Http.BaseAddress!.GetLeftPart(UriPartial.Authority) + sweepCase.Target, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true }));
        if (sweepCase.Body is not null)
        {
            request.Content = new ByteArrayContent(sweepCase.Body);
            if (sweepCase.ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", sweepCase.ContentType);
            }
        }

        var needsAuth = options.NeedsAuth(sweepCase.Operation.Path);
        if (needsAuth && sweepCase.Auth == SweepAuth.Right)
        {
            options.Authorize?.Invoke(request);
        }
        else if (sweepCase.WrongCredential is { } wrong)
        {
            request.Headers.TryAddWithoutValidation(wrong.Header, wrong.Value);
        }

        int status;
        string text;
        MediaTypeHeaderValue? contentType;
        using var timeout = new CancellationTokenSource(_answerWithin);
        try
        {
            using var response = await options.Http.SendAsync(request, timeout.Token);
            (status, text, contentType) = ((int)response.StatusCode, await response.Content.ReadAsStringAsync(timeout.Token), response.Content.Headers.ContentType);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            report.Violations.Add($"{sweepCase}: no answer ({e.GetType().Name}: {e.Message})");
            return state;
        }

        var page = options.ServesPages && status == 404 && contentType?.MediaType == "text/html";
        if (SweepVerdict.Judge(options.ErrorShape, status, text, contentType, needsAuth && sweepCase.Auth != SweepAuth.Right, page) is { } verdict)
        {
            report.Violations.Add($"{sweepCase}: {verdict}");
        }

        if (status is >= 200 and < 300 && sweepCase.Operation.Method != "GET")
        {
            report.Accepted.Add($"{sweepCase} -> {status}");
        }

        if (options.SnapshotAsync is null || sweepCase.Operation.Method == "GET")
        {
            return state;
        }

        var after = await options.SnapshotAsync();
        if (status >= 400 && after != state)
        {
            report.Violations.Add($"{sweepCase}: refused with {status}, yet the state changed:\n  before {state}\n  after  {after}");
        }

        return after;
    }
}
