namespace Bandit.MovieLens;

/// <summary>A MovieLens file that does not parse: names the file, the 1-based line and what was wrong.</summary>
public sealed class MovieLensFormatException : FormatException
{
    public MovieLensFormatException(string filePath, int lineNumber, string problem)
        : base($"{filePath}, line {lineNumber}: {problem}")
    {
        FilePath = filePath;
        LineNumber = lineNumber;
        Problem = problem;
    }

    public string FilePath { get; }

    /// <summary>1-based line number in <see cref="FilePath"/>.</summary>
    public int LineNumber { get; }

    public string Problem { get; }
}
