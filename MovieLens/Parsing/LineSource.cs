using System.Text;

namespace Bandit.MovieLens.Parsing;

/// <summary>Streams a text file line by line (LF or CRLF), counting 1-based line numbers for error messages.</summary>
internal sealed class LineSource : IDisposable
{
    private readonly StreamReader _reader;

    public LineSource(string path, Encoding encoding)
    {
        Path = path;
        _reader = new StreamReader(path, encoding, detectEncodingFromByteOrderMarks: true, new FileStreamOptions
        {
            Access = FileAccess.Read,
            Share = FileShare.Read,
            BufferSize = 64 * 1024,
            Options = FileOptions.SequentialScan,
        });
    }

    public string Path { get; }

    /// <summary>The 1-based number of the line last returned by <see cref="TryRead"/>.</summary>
    public int LineNumber { get; private set; }

    /// <summary>Reads the next line that is not empty; false at the end of the file.</summary>
    public bool TryRead(out string line)
    {
        while (_reader.ReadLine() is { } next)
        {
            LineNumber++;
            if (next.Length > 0)
            {
                line = next;
                return true;
            }
        }

        line = string.Empty;
        return false;
    }

    public MovieLensFormatException Error(string problem) => new(Path, LineNumber, problem);

    public void Dispose() => _reader.Dispose();
}
