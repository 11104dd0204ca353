namespace Bandit.MovieLens.Features;

/// <summary>
/// A user's training-window statistics as the features see them: ratings, log(1 + ratings), the smoothed positive
/// rate and the smoothed rate on each genre (indexed like <see cref="MovieLensGenres.All"/>).
/// </summary>
public sealed record UserProfile(int Ratings, float LogActivity, float PositiveRate, IReadOnlyList<float> GenreRates);

public sealed partial class FeatureState
{
    /// <summary>The user's profile, or null for a user without training ratings.</summary>
    public UserProfile? ProfileOf(int userId) =>
        _users.TryGetValue(userId, out var user) ? new UserProfile(user.Count, user.LogActivity, user.SmoothedRate, [.. user.GenreRates]) : null;

    /// <summary>Every known user's profile.</summary>
    public IEnumerable<(int UserId, UserProfile Profile)> Profiles() => _users.Keys.Order().Select(id => (id, ProfileOf(id)!));
}
