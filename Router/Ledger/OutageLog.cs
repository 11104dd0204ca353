using System.Text;
using Bandit.Router.Common;
using Microsoft.Extensions.Options;

namespace Bandit.Router.Ledger;

/// <summary>
/// The bounded, durable buffer of decisions and rewards taken while the store is unavailable: an append-only file of
/// JSON lines under <c>Router:OutageLogPath</c> (one file per Router instance, held with an exclusive lock, every
/// append written through with fsync before it is acknowledged), mirrored in memory. Entries leave it only after the
/// <see cref="OutageDrainer"/> applied them, so a crash at any point loses nothing (a repeat is idempotent). At start,
/// files of instances that are gone (no lock held) are adopted, so a restart during an outage loses nothing either.
/// </summary>
public sealed partial class OutageLog : IDisposable
{
    private readonly object _gate = new();
    private readonly List<OutageEntry> _entries = [];
    private readonly Dictionary<string, int> _decisionIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly string _path;
    private readonly ILogger<OutageLog> _logger;
    private FileStream _file;
    private long _buffered;
    private long _drained;

    public OutageLog(IOptions<RouterOptions> options, ILogger<OutageLog> logger)
    {
        Capacity = options.Value.OutageBufferCapacity;
        _logger = logger;
        var folder = Path.GetFullPath(options.Value.OutageLogPath);
        Directory.CreateDirectory(folder);
        _path = Path.Combine(folder, $"outage-{Guid.NewGuid():N}.log");
        _file = Open(_path, FileMode.CreateNew);
        Adopt(folder);
    }

    /// <summary>Most entries held at once.</summary>
    public int Capacity { get; }

    /// <summary>The file this instance writes.</summary>
    public string FilePath => _path;

    /// <summary>Entries waiting to be applied.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Entries ever accepted, and ever applied (removed after the store took them), by this instance.</summary>
    public (long Buffered, long Drained) Totals
    {
        get
        {
            lock (_gate)
            {
                return (_buffered, _drained);
            }
        }
    }

    /// <summary>Appends all of <paramref name="entries"/> durably, or none when they do not fit (false).</summary>
    public bool TryAppend(IReadOnlyList<OutageEntry> entries)
    {
        if (entries.Count == 0)
        {
            return true;
        }

        var text = new StringBuilder();
        foreach (var entry in entries)
        {
            text.Append(entry.ToLine()).Append('\n');
        }

        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        lock (_gate)
        {
            if (_entries.Count + entries.Count > Capacity)
            {
                return false;
            }

            _file.Write(bytes);
            _file.Flush(flushToDisk: true);
            foreach (var entry in entries)
            {
                Add(entry);
            }

            _buffered += entries.Count;
            return true;
        }
    }

    /// <summary>True when a decision with this id waits in the log (a reward for it must wait too).</summary>
    public bool HasDecision(string id)
    {
        lock (_gate)
        {
            return _decisionIds.ContainsKey(id);
        }
    }

    /// <summary>
    /// True when a decision or a reward with this id waits in the log. A new reward for it must wait behind them: after
    /// its decision, and after the first reward, which is the one that counts (a repeat sent straight to the store once
    /// it is back would otherwise be recorded first).
    /// </summary>
    public bool Holds(string id)
    {
        lock (_gate)
        {
            return _ids.ContainsKey(id);
        }
    }

    /// <summary>A copy of the entries waiting, oldest first.</summary>
    public IReadOnlyList<OutageEntry> Snapshot()
    {
        lock (_gate)
        {
            return [.. _entries];
        }
    }

    /// <summary>
    /// The first <paramref name="applied"/> entries reached the store: removes them and puts <paramref name="retry"/>
    /// back at the end. The file is replaced only after that (atomically, by a rename), so it never loses an entry.
    /// </summary>
    public void Complete(int applied, IReadOnlyList<OutageEntry> retry)
    {
        lock (_gate)
        {
            var remaining = _entries.Skip(applied).Concat(retry).ToList();
            _drained += applied - retry.Count;
            _entries.Clear();
            _decisionIds.Clear();
            _ids.Clear();
            foreach (var entry in remaining)
            {
                Add(entry);
            }

            if (_entries.Count == 0)
            {
                _file.SetLength(0);
                _file.Flush(flushToDisk: true);
                return;
            }

            var temp = _path + ".tmp";
            using (var next = Open(temp, FileMode.Create))
            {
                next.Write(Encoding.UTF8.GetBytes(string.Concat(_entries.Select(e => e.ToLine() + "\n"))));
                next.Flush(flushToDisk: true);
            }

            _file.Dispose();
            File.Move(temp, _path, overwrite: true);
            _file = Open(_path, FileMode.Open);
            _file.Seek(0, SeekOrigin.End);
        }
    }

    /// <summary>Closes the file; an empty one is deleted, a non-empty one stays for the next instance to adopt.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _file.Dispose();
            if (_entries.Count == 0)
            {
                File.Delete(_path);
            }
        }
    }

    private void Add(OutageEntry entry)
    {
        _entries.Add(entry);
        _ids[entry.Id] = _ids.GetValueOrDefault(entry.Id) + 1;
        if (entry.IsDecision)
        {
            _decisionIds[entry.Id] = _decisionIds.GetValueOrDefault(entry.Id) + 1;
        }
    }
}
