using System.Text.Json;

namespace Bandit.ServiceDefaults.Http;

/// <summary>
/// A JSON object whose property name is an escaped lone surrogate (<c>{"\udc00": 1}</c>) is well-formed, but no .NET
/// string can be made of that name: <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/> throws
/// <see cref="InvalidOperationException"/> when it compares that name with the one it looks for (depending on the two
/// lengths), which a handler answered with a 500. A reader asks this first and refuses such a body as bad input.
/// </summary>
public static class JsonNames
{
    /// <summary>The sentence a refusal gives.</summary>
    public const string Unreadable = "a property name is not valid UTF-16 text (an escaped lone surrogate).";

    /// <summary>Whether every property name of the object <paramref name="element"/> (not of its values) can be read.</summary>
    public static bool AreReadable(JsonElement element)
    {
        try
        {
            foreach (var property in element.EnumerateObject())
            {
                _ = property.Name;
            }

            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
