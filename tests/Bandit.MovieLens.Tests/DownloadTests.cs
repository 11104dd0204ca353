using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using Bandit.MovieLens.Download;

namespace Bandit.MovieLens.Tests;

/// <summary>The download path end to end against a fake HTTP handler (no network): verify, cache, extract.</summary>
public sealed class DownloadTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string CacheFolder => Path.Combine(_temp.Path, "cache");

    [Fact]
    public async Task EnsureAsync_MatchingHash_ExtractsCachesAndSecondCallDoesNotDownload()
    {
        var zip = Zip(("ml-test/u.data", "1\t10\t4\t100\n2\t10\t2\t200\n"), ("ml-test/u.item", Item(10)));
        var handler = new FakeHandler(zip);
        var dataSet = new RemoteDataSet("ml-test", new Uri("https://grouplens.test/ml-test.zip"), Sha256(zip), zip.Length);
        var progress = new List<DownloadProgress>();
        var downloader = new MovieLensDownloader(new HttpClient(handler));

        var folder = await downloader.EnsureAsync(dataSet, CacheFolder, new SyncProgress(progress));
        var again = await downloader.EnsureAsync(dataSet, CacheFolder);

        Assert.Equal(Path.Combine(CacheFolder, "ml-test"), folder);
        Assert.Equal(folder, again);
        Assert.Equal(1, handler.Requests);
        Assert.Equal(2, MovieLensLoader.Load(folder).Ratings.Count);
        Assert.Equal(zip.Length, progress[^1].BytesReceived);
        Assert.Equal(zip.Length, progress[^1].TotalBytes);
        Assert.Equal(["ml-test"], Directory.GetFileSystemEntries(CacheFolder).Select(Path.GetFileName)); // no temp files left
    }

    [Fact]
    public async Task ResolveAsync_Ml100kWithWrongBytes_RefusesAndLeavesNothingInTheCache()
    {
        // The fake server answers with a valid zip that is not GroupLens's: its SHA-256 differs from the pinned one.
        var zip = Zip(("ml-100k/u.data", "1\t10\t4\t100\n"), ("ml-100k/u.item", Item(10)));
        var handler = new FakeHandler(zip);
        var options = new MovieLensResolveOptions { CacheFolder = CacheFolder, HttpClient = new HttpClient(handler) };

        var error = await Assert.ThrowsAsync<MovieLensDownloadException>(() => MovieLensDataSets.ResolveAsync("ml-100k", options));

        Assert.Contains("does not match", error.Message, StringComparison.Ordinal);
        Assert.Contains(RemoteDataSet.Ml100k.Sha256, error.Message, StringComparison.Ordinal);
        Assert.Equal(RemoteDataSet.Ml100k.Url, handler.LastUri);
        Assert.Empty(Directory.GetFileSystemEntries(CacheFolder));
    }

    [Fact]
    public async Task EnsureAsync_ZipSlipEntry_RefusesAndWritesNothingOutside()
    {
        var zip = Zip(("ml-evil/u.data", "1\t10\t4\t100\n"), ("ml-evil/u.item", Item(10)), ("../../escaped.txt", "gotcha"));
        var dataSet = new RemoteDataSet("ml-evil", new Uri("https://grouplens.test/ml-evil.zip"), Sha256(zip), null);
        var downloader = new MovieLensDownloader(new HttpClient(new FakeHandler(zip)));

        var error = await Assert.ThrowsAsync<MovieLensDownloadException>(() => downloader.EnsureAsync(dataSet, CacheFolder));

        Assert.Contains("outside the extraction folder", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(CacheFolder));
        Assert.Empty(Directory.GetFiles(_temp.Path, "escaped.txt", SearchOption.AllDirectories));
        Assert.False(File.Exists(Path.GetFullPath(Path.Combine(CacheFolder, "..", "..", "escaped.txt"))));
    }

    [Fact]
    public async Task EnsureAsync_HttpError_ThrowsWithStatus()
    {
        var downloader = new MovieLensDownloader(new HttpClient(new FakeHandler([], HttpStatusCode.NotFound)));
        var dataSet = new RemoteDataSet("ml-x", new Uri("https://grouplens.test/ml-x.zip"), new string('0', 64), null);

        var error = await Assert.ThrowsAsync<MovieLensDownloadException>(() => downloader.EnsureAsync(dataSet, CacheFolder));

        Assert.Contains("404", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(CacheFolder));
    }

    [Fact]
    public async Task ResolveAsync_Ml1mAlreadyVerifiedInCache_UsesItWithoutHttp()
    {
        var folder = Path.Combine(CacheFolder, "ml-1m");
        _temp.Write("cache/ml-1m/ratings.dat", "1::1::5::100\n");
        _temp.Write("cache/ml-1m/movies.dat", "1::A (1995)::Drama\n");
        _temp.Write("cache/ml-1m/" + MovieLensDownloader.VerifiedMarker, RemoteDataSet.Ml1m.Sha256);
        var handler = new FakeHandler([]);
        var options = new MovieLensResolveOptions { CacheFolder = CacheFolder, HttpClient = new HttpClient(handler) };

        var resolved = await MovieLensDataSets.ResolveAsync("ml-1m", options);
        var data = await MovieLensDataSets.LoadAsync("ml-1m", options);

        Assert.Equal(folder, resolved);
        Assert.Equal(0, handler.Requests);
        Assert.Equal("ml-1m", data.Name);
        Assert.Single(data.Ratings);
    }

    [Fact]
    public async Task ResolveAsync_UnknownNameThatIsNoFolder_SaysWhatIsAccepted()
    {
        var error = await Assert.ThrowsAsync<DirectoryNotFoundException>(() => MovieLensDataSets.ResolveAsync(Path.Combine(_temp.Path, "ml-nope")));

        Assert.Contains("ml-latest-small, ml-100k, ml-1m", error.Message, StringComparison.Ordinal);
        Assert.Equal(_temp.Path, await MovieLensDataSets.ResolveAsync(_temp.Path));
    }

    [Fact]
    public void KnownDataSets_PinGroupLensUrlsAndSha256()
    {
        Assert.Equal("https://files.grouplens.org/datasets/movielens/ml-100k.zip", RemoteDataSet.Ml100k.Url.ToString());
        Assert.Equal("https://files.grouplens.org/datasets/movielens/ml-1m.zip", RemoteDataSet.Ml1m.Url.ToString());
        Assert.All(RemoteDataSet.Known.Values, d => Assert.Matches("^[0-9a-f]{64}$", d.Sha256));
        Assert.Equal(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "bandit-aspire", "movielens"), MovieLensDataSets.DefaultCacheFolder);
    }

    private static string Item(int id) => $"{id}|Movie {id} (1995)|||x|0|1|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0\n";

    private static byte[] Zip(params (string Name, string Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var writer = new StreamWriter(archive.CreateEntry(name).Open());
                writer.Write(content);
            }
        }

        return buffer.ToArray();
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Progress that records synchronously (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class SyncProgress(List<DownloadProgress> seen) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => seen.Add(value);
    }

    private sealed class FakeHandler(byte[] body, HttpStatusCode status = HttpStatusCode.OK) : HttpMessageHandler
    {
        public int Requests { get; private set; }

        public Uri? LastUri { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests++;
            LastUri = request.RequestUri;
            return Task.FromResult(new HttpResponseMessage(status) { Content = new ByteArrayContent(body) });
        }
    }
}
