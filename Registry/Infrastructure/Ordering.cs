namespace Bandit.Registry.Infrastructure;

/// <summary>MLflow's <c>order_by</c> lists ("name ASC", "version_number DESC") applied in memory.</summary>
public static class Ordering
{
    public static IEnumerable<T> Apply<T>(IEnumerable<T> items, IReadOnlyList<string> orderBy, IReadOnlyList<string> defaults, Func<T, string, IComparable?> key)
    {
        var clauses = (orderBy.Count > 0 ? orderBy : defaults).Select(Parse).ToList();
        IOrderedEnumerable<T>? ordered = null;
        foreach (var (field, descending) in clauses)
        {
            Func<T, IComparable?> selector = item => key(item, field);
            ordered = ordered is null
                ? descending ? items.OrderByDescending(selector) : items.OrderBy(selector)
                : descending ? ordered.ThenByDescending(selector) : ordered.ThenBy(selector);
        }

        return ordered ?? items;
    }

    private static (string Field, bool Descending) Parse(string clause)
    {
        var parts = clause.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is 0 or > 2 || (parts.Length == 2 && !parts[1].Equals("ASC", StringComparison.OrdinalIgnoreCase) && !parts[1].Equals("DESC", StringComparison.OrdinalIgnoreCase)))
        {
            throw RegistryException.Invalid($"Invalid order_by clause '{clause}'.");
        }

        return (parts[0].Trim('`'), parts.Length == 2 && parts[1].Equals("DESC", StringComparison.OrdinalIgnoreCase));
    }
}
