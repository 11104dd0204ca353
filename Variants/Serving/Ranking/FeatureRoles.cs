using Bandit.MovieLens.Features;

namespace Bandit.Variants.Serving.Ranking;

/// <summary>
/// What each feature of <see cref="FeatureSpec"/> depends on, for <see cref="ResolvedTreeCtrModel"/>: user-only
/// features are the same in every row of a request, the cross feature (the user's affinity to the movie's genres)
/// varies with both, and every other feature is the movie's alone — the same for every user, so it can be resolved
/// once per model version. Read off <see cref="FeatureState"/>'s feature definition for
/// <see cref="AppliesTo"/>; another feature version is not resolved (the plain tree walk serves it).
/// </summary>
public static class FeatureRoles
{
    /// <summary>The feature version this classification was written for.</summary>
    public const string AppliesTo = "ctr-features/1";

    public const int Cross = FeatureSpec.UserGenreAffinity;

    public static bool Applies => FeatureSpec.Version == AppliesTo;

    public static bool IsUserOnly(int feature) =>
        feature is FeatureSpec.UserLogActivity or FeatureSpec.UserPositiveRate or FeatureSpec.UserUnseen;

    public static bool IsItemOnly(int feature) => !IsUserOnly(feature) && feature != Cross;
}
