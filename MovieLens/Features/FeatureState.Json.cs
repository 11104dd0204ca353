using System.IO.Compression;
using System.Text.Json;

namespace Bandit.MovieLens.Features;

public sealed partial class FeatureState
{
    /// <summary>Writes the state as JSON (gzip-compressed when <paramref name="compress"/>); the stream stays open.</summary>
    public void Save(Stream stream, bool compress = false)
    {
        var document = new FeatureStateDocument(
            FeatureSpec.Version,
            RatingCount,
            PositiveCount,
            MovieLensGenres.All,
            [.. CatalogueIds.Select(id => Movies[id]).Select(m => new MovieDocument(m.MovieId, m.Title, m.Year, m.Genres))],
            [.. _items.Where(i => i.Value.Count > 0).OrderBy(i => i.Key).Select(i => new[] { i.Key, i.Value.Count, i.Value.Positives })],
            [.. _users.OrderBy(u => u.Key).Select(u => new UserDocument(u.Key, u.Value.Count, u.Value.Positives, u.Value.GenreCounts, u.Value.GenrePositives, u.Value.Rated))]);

        if (compress)
        {
            using var gzip = new GZipStream(stream, CompressionLevel.Optimal, leaveOpen: true);
            JsonSerializer.Serialize(gzip, document, FeatureStateJsonContext.Default.FeatureStateDocument);
            return;
        }

        JsonSerializer.Serialize(stream, document, FeatureStateJsonContext.Default.FeatureStateDocument);
    }

    /// <summary>Reads a state written by <see cref="Save"/> (plain or gzip, detected). Throws
    /// <see cref="FeatureVersionMismatchException"/> for another feature version and <see cref="InvalidDataException"/>
    /// for a malformed document.</summary>
    public static FeatureState Load(Stream stream)
    {
        var input = IsGzip(ref stream) ? new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true) : stream;
        try
        {
            using var json = JsonDocument.Parse(input);
            if (!json.RootElement.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.String)
            {
                throw new InvalidDataException("the feature state has no \"version\"");
            }

            if (version.GetString() != FeatureSpec.Version)
            {
                throw new FeatureVersionMismatchException(version.GetString()!, FeatureSpec.Version);
            }

            var document = json.RootElement.Deserialize(FeatureStateJsonContext.Default.FeatureStateDocument)
                ?? throw new InvalidDataException("the feature state is null");
            return FromDocument(document);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"the feature state is not valid JSON: {e.Message}", e);
        }
        finally
        {
            if (!ReferenceEquals(input, stream))
            {
                input.Dispose();
            }
        }
    }

    public void SaveFile(string path, bool compress = false)
    {
        using var file = File.Create(path);
        Save(file, compress);
    }

    public static FeatureState LoadFile(string path)
    {
        using var file = File.OpenRead(path);
        return Load(file);
    }

    private static FeatureState FromDocument(FeatureStateDocument document)
    {
        if (document.Genres is null || !document.Genres.SequenceEqual(MovieLensGenres.All))
        {
            throw new InvalidDataException("the feature state's genre list differs from this build's");
        }

        var movies = new Dictionary<int, Movie>(document.Movies?.Count ?? 0);
        var items = new Dictionary<int, ItemStats>(movies.Count);
        foreach (var m in document.Movies ?? [])
        {
            var movie = new Movie(m.Id, m.Title ?? string.Empty, m.Year, m.Genres ?? []);
            if (!movies.TryAdd(m.Id, movie))
            {
                throw new InvalidDataException($"the feature state lists movie {m.Id} twice");
            }

            items[m.Id] = new ItemStats(0, 0, ItemStats.IndexGenres(movie.Genres), movie.Year);
        }

        foreach (var entry in document.Items ?? [])
        {
            if (entry is not { Length: 3 } || entry[1] < 0 || entry[2] < 0 || entry[2] > entry[1])
            {
                throw new InvalidDataException("an item entry of the feature state is not [id, count, positives]");
            }

            items[entry[0]] = movies.TryGetValue(entry[0], out var movie)
                ? new ItemStats(entry[1], entry[2], ItemStats.IndexGenres(movie.Genres), movie.Year)
                : new ItemStats(entry[1], entry[2], [], null);
        }

        var users = new Dictionary<int, UserStats>(document.Users?.Count ?? 0);
        foreach (var u in document.Users ?? [])
        {
            if (u.GenreCounts is not { Length: FeatureSpec.GenreCount } || u.GenrePositives is not { Length: FeatureSpec.GenreCount })
            {
                throw new InvalidDataException($"user {u.Id} of the feature state has no {FeatureSpec.GenreCount} genre counts");
            }

            users[u.Id] = new UserStats(u.Count, u.Positives, u.GenreCounts, u.GenrePositives, u.Rated ?? []);
        }

        return new FeatureState(document.RatingCount, document.PositiveCount, movies, items, users);
    }

    private static bool IsGzip(ref Stream stream)
    {
        if (!stream.CanSeek)
        {
            var buffered = new MemoryStream();
            stream.CopyTo(buffered);
            buffered.Position = 0;
            stream = buffered;
        }

        var start = stream.Position;
        Span<byte> magic = stackalloc byte[2];
        var read = stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        stream.Position = start;
        return read == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }
}
