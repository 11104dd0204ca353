using System.Text.Json;

namespace Bandit.ServiceDefaults.Http;

/// <summary>
/// JSON is well-formed with an escaped lone surrogate (<c>{"\udc00": "\ud800"}</c>), but no .NET string can be made of
/// it: <see cref="JsonElement.GetString"/> throws, and so does <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/>
/// when it compares such a name with the one it looks for (depending on the two lengths), which a handler answered
/// with a 500. A reader asks this first and refuses such a body as bad input.
/// </summary>
public static class JsonNames
{
    /// <summary>The sentence a refusal gives.</summary>
    public const string Unreadable = "a property name is not valid UTF-16 text (an escaped lone surrogate).";

    /// <summary>
    /// Whether every property name of the object <paramref name="element"/> (not of its values) can be read: enough for a
    /// reader that looks its fields up and reads their strings guarded, and cheap on a hot path (no string values made).
    /// </summary>
    public static bool AreReadable(JsonElement element) => TryVisit(element, deep: false, out _);

    /// <summary>Whether every property name and string value of <paramref name="element"/>, at any depth, can be read; else why not.</summary>
    public static bool TryReadAll(JsonElement element, out string? error) => TryVisit(element, deep: true, out error);

    private static bool TryVisit(JsonElement element, bool deep, out string? error)
    {
        try
        {
            Visit(element, deep);
            error = null;
            return true;
        }
        catch (InvalidOperationException e)
        {
            error = e.Message;
            return false;
        }
    }

    private static void Visit(JsonElement element, bool deep)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String when deep:
                _ = element.GetString();
                break;
            case JsonValueKind.Array when deep:
                foreach (var item in element.EnumerateArray())
                {
                    Visit(item, deep);
                }

                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    _ = property.Name;
                    if (deep)
                    {
                        Visit(property.Value, deep);
                    }
                }

                break;
        }
    }
}
