using System.Text.Json;

namespace Bandit.Registry.Infrastructure;

/// <summary>
/// JSON is well-formed with an escaped lone surrogate (<c>"\ud800"</c>), but no .NET string can be read from it:
/// <see cref="JsonElement.GetString"/> and property lookups throw <see cref="InvalidOperationException"/> deep in a
/// handler, which would answer 500. Every string and property name of a body is read once up front instead, so such a
/// body is a 400 INVALID_PARAMETER_VALUE before any handler (or the database) sees it.
/// </summary>
internal static class JsonText
{
    public static void EnsureReadable(JsonElement element)
    {
        try
        {
            Visit(element);
        }
        catch (InvalidOperationException e)
        {
            throw RegistryException.Invalid($"Invalid JSON text: {e.Message}");
        }
    }

    private static void Visit(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                _ = element.GetString();
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Visit(item);
                }

                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    _ = property.Name;
                    Visit(property.Value);
                }

                break;
        }
    }
}
