using System.Text;
using Bandit.Router.Common;

namespace Bandit.Router.Ledger;

/// <summary>Adopting the log files of instances that are gone, and the exclusive file handles.</summary>
public sealed partial class OutageLog
{
    /// <summary>Takes over the entries of log files no live instance holds (a Router that stopped or crashed mid-outage).</summary>
    private void Adopt(string folder)
    {
        foreach (var orphan in Directory.EnumerateFiles(folder, "outage-*.log"))
        {
            if (orphan == _path)
            {
                continue;
            }

            FileStream stream;
            try
            {
                stream = Open(orphan, FileMode.Open);
            }
            catch (IOException)
            {
                continue; // held by a running instance
            }

            var entries = new List<OutageEntry>();
            var torn = 0;
            using (stream)
            using (var reader = new StreamReader(stream, Encoding.UTF8))
            {
                while (reader.ReadLine() is { } line)
                {
                    if (line.Length == 0)
                    {
                        continue;
                    }

                    if (OutageEntry.TryParse(line) is { } entry)
                    {
                        entries.Add(entry);
                    }
                    else
                    {
                        torn++;
                    }
                }
            }

            // Written to this instance's file before the orphan goes, so a crash in between repeats, never loses.
            foreach (var chunk in entries.Chunk(Math.Max(1, Capacity)))
            {
                if (!TryAppend(chunk))
                {
                    RouterLog.OutageAdoptionFull(_logger, orphan, entries.Count);
                    return;
                }
            }

            File.Delete(orphan);
            RouterLog.OutageAdopted(_logger, orphan, entries.Count, torn);
        }
    }

    private static FileStream Open(string path, FileMode mode) =>
        new(path, new FileStreamOptions { Mode = mode, Access = FileAccess.ReadWrite, Share = FileShare.None, Options = FileOptions.None });
}
