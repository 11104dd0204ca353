using System.Diagnostics;

namespace Aspire.Hosting;

/// <summary>
/// Whether a container engine answers, asked of the engine itself (<c>docker container ls</c>, then
/// <c>podman container ls</c>, each with a short timeout): a CLI on PATH says nothing about its daemon.
/// </summary>
internal sealed record ContainerEngine(bool Answers, string Description)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static ContainerEngine Probe()
    {
        var preferred = Environment.GetEnvironmentVariable("ASPIRE_CONTAINER_RUNTIME");
        string[] engines = preferred is { Length: > 0 } ? [preferred, "docker", "podman"] : ["docker", "podman"];
        var tried = new List<string>();
        foreach (var engine in engines.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (ExecutableOnPath.Find(engine) is null)
            {
                tried.Add($"{engine}: not on PATH");
                continue;
            }

            var (answered, detail) = Ask(engine);
            if (answered)
            {
                return new(true, $"{engine} answers 'container ls'");
            }

            tried.Add($"{engine}: {detail}");
        }

        return new(false, "no container engine answers (" + string.Join("; ", tried) + ")");
    }

    private static (bool Answered, string Detail) Ask(string engine)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(engine, ["container", "ls", "-q"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            })!;
            var stderr = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                return (false, $"no answer within {Timeout.TotalSeconds:F0} s");
            }

            var firstLine = stderr.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
            return process.ExitCode == 0 ? (true, "") : (false, firstLine ?? $"exit code {process.ExitCode}");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return (false, e.Message);
        }
    }
}
