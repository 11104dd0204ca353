using Bandit.MovieLens.Download;

namespace Bandit.MovieLens;

/// <summary>Options for <see cref="MovieLensDataSets.ResolveAsync"/>; every one may be left unset.</summary>
public sealed class MovieLensResolveOptions
{
    /// <summary>A folder holding <c>data/movielens/ml-latest-small</c> (or <c>movielens/ml-latest-small</c>, or
    /// <c>ml-latest-small</c>); unset = walk up from <see cref="AppContext.BaseDirectory"/> to find one.</summary>
    public string? DataRoot { get; init; }

    /// <summary>Where downloads are kept; unset = <see cref="MovieLensDataSets.DefaultCacheFolder"/>.</summary>
    public string? CacheFolder { get; init; }

    /// <summary>The client downloads use; unset = a shared client with a 10-minute timeout.</summary>
    public HttpClient? HttpClient { get; init; }

    public IProgress<DownloadProgress>? Progress { get; init; }
}

/// <summary>Turns the Trainer's <c>--data</c> value into a folder: a known name (the shipped
/// <c>ml-latest-small</c>, or <c>ml-100k</c> / <c>ml-1m</c> downloaded on request) or a folder path.</summary>
public static class MovieLensDataSets
{
    public const string LatestSmall = "ml-latest-small";
    public const string Ml100k = "ml-100k";
    public const string Ml1m = "ml-1m";

    private static readonly Lazy<HttpClient> _sharedClient = new(() => new HttpClient { Timeout = TimeSpan.FromMinutes(10) });

    /// <summary><c>~/.cache/bandit-aspire/movielens</c>.</summary>
    public static string DefaultCacheFolder { get; } = Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "bandit-aspire", "movielens");

    /// <summary>The folder holding the data set's files, downloading (and caching) ml-100k / ml-1m when needed.</summary>
    public static async Task<string> ResolveAsync(string nameOrFolder, MovieLensResolveOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nameOrFolder);
        options ??= new MovieLensResolveOptions();
        if (string.Equals(nameOrFolder, LatestSmall, StringComparison.OrdinalIgnoreCase))
        {
            return LocateShipped(options.DataRoot);
        }

        if (RemoteDataSet.Known.TryGetValue(nameOrFolder, out var remote))
        {
            var downloader = new MovieLensDownloader(options.HttpClient ?? _sharedClient.Value);
            return await downloader.EnsureAsync(remote, options.CacheFolder ?? DefaultCacheFolder, options.Progress, cancellationToken).ConfigureAwait(false);
        }

        if (Directory.Exists(nameOrFolder))
        {
            return Path.GetFullPath(nameOrFolder);
        }

        throw new DirectoryNotFoundException(
            $"'{nameOrFolder}' is neither a known data set ({LatestSmall}, {Ml100k}, {Ml1m}) nor an existing folder");
    }

    /// <summary>Blocking form of <see cref="ResolveAsync"/> for console code; async code should call that instead.</summary>
    public static string Resolve(string nameOrFolder, MovieLensResolveOptions? options = null) =>
        ResolveAsync(nameOrFolder, options).GetAwaiter().GetResult();

    /// <summary>Resolves, then loads with <see cref="MovieLensLoader.Load"/> (named after the data set).</summary>
    public static async Task<MovieLensDataset> LoadAsync(string nameOrFolder, MovieLensResolveOptions? options = null, CancellationToken cancellationToken = default)
    {
        var folder = await ResolveAsync(nameOrFolder, options, cancellationToken).ConfigureAwait(false);
        var isName = nameOrFolder.Equals(LatestSmall, StringComparison.OrdinalIgnoreCase) || RemoteDataSet.Known.ContainsKey(nameOrFolder);
        return MovieLensLoader.Load(folder, isName ? nameOrFolder.ToLowerInvariant() : null);
    }

    /// <summary>The shipped <c>ml-latest-small</c> folder: under <paramref name="dataRoot"/> when given, else the first
    /// <c>data/movielens/ml-latest-small</c> found walking up from <see cref="AppContext.BaseDirectory"/>.</summary>
    public static string LocateShipped(string? dataRoot = null)
    {
        if (dataRoot is not null)
        {
            string[] candidates =
            [
                Path.Combine(dataRoot, "data", "movielens", LatestSmall),
                Path.Combine(dataRoot, "movielens", LatestSmall),
                Path.Combine(dataRoot, LatestSmall),
            ];
            return candidates.FirstOrDefault(c => MovieLensLoader.TryDetectFormat(c) is not null) is { } found
                ? Path.GetFullPath(found)
                : throw new DirectoryNotFoundException($"no {LatestSmall} under the data root '{dataRoot}' (looked for {string.Join(", ", candidates)})");
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "data", "movielens", LatestSmall);
            if (MovieLensLoader.TryDetectFormat(candidate) is not null)
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException(
            $"no data/movielens/{LatestSmall} in '{AppContext.BaseDirectory}' or any folder above it; pass a data root");
    }
}
