namespace Bandit.MovieLens.Download;

/// <summary>A data set GroupLens publishes as a zip, with the SHA-256 its download must have.</summary>
/// <param name="Name">Data set and cache folder name, e.g. <c>ml-100k</c>.</param>
/// <param name="Url">Where the zip is.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the zip.</param>
/// <param name="SizeBytes">The zip's size when known (used for progress when the server sends no length).</param>
public sealed record RemoteDataSet(string Name, Uri Url, string Sha256, long? SizeBytes)
{
    // GroupLens publishes only MD5 files (ml-100k.zip.md5, ml-1m.zip.md5). These SHA-256 values are the ones
    // TensorFlow Datasets pins in tensorflow_datasets/url_checksums/movielens.txt (with the byte sizes below),
    // and several independent projects pin the same values; ml-1m's record states that its MD5 matched GroupLens's.

    /// <summary>ml-100k: 100,000 ratings of 1,682 movies by 943 users.</summary>
    public static RemoteDataSet Ml100k { get; } = new(
        MovieLensDataSets.Ml100k,
        new Uri("https://files.grouplens.org/datasets/movielens/ml-100k.zip"),
        "50d2a982c66986937beb9ffb3aa76efe955bf3d5c6b761f4e3a7cd717c6a3229",
        4_924_029);

    /// <summary>ml-1m: 1,000,209 ratings of 3,706 movies by 6,040 users.</summary>
    public static RemoteDataSet Ml1m { get; } = new(
        MovieLensDataSets.Ml1m,
        new Uri("https://files.grouplens.org/datasets/movielens/ml-1m.zip"),
        "a6898adb50b9ca05aa231689da44c217cb524e7ebd39d264c56e2832f2c54e20",
        5_917_549);

    /// <summary>The downloadable sets by name.</summary>
    public static IReadOnlyDictionary<string, RemoteDataSet> Known { get; } = new Dictionary<string, RemoteDataSet>(StringComparer.OrdinalIgnoreCase)
    {
        [Ml100k.Name] = Ml100k,
        [Ml1m.Name] = Ml1m,
    };
}

/// <summary>Download progress: bytes so far and, when known, the total.</summary>
public sealed record DownloadProgress(string DataSet, long BytesReceived, long? TotalBytes);

/// <summary>A download that failed or was refused (HTTP error, checksum mismatch, unsafe archive).</summary>
public sealed class MovieLensDownloadException(string message, Exception? inner = null) : Exception(message, inner);
