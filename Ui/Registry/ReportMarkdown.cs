using System.Globalization;
using System.Text;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Microsoft.AspNetCore.Html;

namespace Bandit.Ui.Registry;

/// <summary>One segment of a split as <c>report.md</c> lists it: its rows, click rate, and each scorer's AUC (baseline included).</summary>
public sealed record SegmentFacts(string Name, int? Rows, double? ClickRate, IReadOnlyDictionary<string, double?> Auc);

/// <summary>
/// The Trainer's <c>report.md</c>: rendered to HTML (CommonMark + pipe tables; raw HTML is not passed through and links
/// other than http(s) or relative ones are dropped, since anyone who can write to the registry can write this file),
/// and read for the facts the metrics lack — each split's "AUC by segment" table with row counts and the baseline.
/// </summary>
public static class ReportMarkdown
{
    private static readonly MarkdownPipeline _pipeline = new MarkdownPipelineBuilder().UsePipeTables().DisableHtml().Build();

    public static HtmlString Render(string markdown)
    {
        var document = Markdown.Parse(markdown, _pipeline);
        foreach (var link in document.Descendants<LinkInline>())
        {
            if (link.Url is { } url && !(url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
                || url.StartsWith('#') || (!url.Contains(':', StringComparison.Ordinal) && !url.StartsWith("//", StringComparison.Ordinal))))
            {
                link.Url = "#";
            }
        }

        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        var renderer = new Markdig.Renderers.HtmlRenderer(writer);
        _pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return new HtmlString(writer.ToString());
    }

    /// <summary>Per split (its CLI name, <c>user-time</c>), the rows of its "AUC by segment" table; scorers in column order.</summary>
    public static IReadOnlyDictionary<string, (IReadOnlyList<string> Scorers, IReadOnlyList<SegmentFacts> Rows)> Segments(string markdown)
    {
        var result = new Dictionary<string, (IReadOnlyList<string>, IReadOnlyList<SegmentFacts>)>(StringComparer.Ordinal);
        string? split = null;
        var inSegments = false;
        foreach (var block in Markdown.Parse(markdown, _pipeline))
        {
            switch (block)
            {
                case HeadingBlock { Level: 2 } h:
                    split = Text(h).Split(' ', 2)[0];
                    inSegments = false;
                    break;
                case HeadingBlock { Level: 3 } h:
                    inSegments = Text(h).Contains("by segment", StringComparison.OrdinalIgnoreCase);
                    break;
                case Table table when inSegments && split is not null && table.Count > 1:
                    result[split] = Read(table);
                    inSegments = false;
                    break;
            }
        }

        return result;
    }

    private static (IReadOnlyList<string>, IReadOnlyList<SegmentFacts>) Read(Table table)
    {
        var header = ((TableRow)table[0]).Select(c => Text((Block)c)).ToList();
        var scorers = header.Skip(3).ToList(); // segment | rows | click rate | <scorer>…
        var rows = table.Skip(1).OfType<TableRow>().Select(row =>
        {
            var cells = row.Select(c => Text((Block)c)).ToList();
            var auc = scorers.Select((s, i) => (s, Number(cells.ElementAtOrDefault(3 + i)))).ToDictionary(x => x.s, x => x.Item2, StringComparer.Ordinal);
            var rowCount = int.TryParse(cells.ElementAtOrDefault(1), NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var n) ? n : (int?)null;
            var rate = cells.ElementAtOrDefault(2) is { } r && r.EndsWith('%') && double.TryParse(r[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var pct) ? pct / 100 : (double?)null;
            return new SegmentFacts(cells.ElementAtOrDefault(0) ?? "?", rowCount, rate, auc);
        }).ToList();
        return (scorers, rows);
    }

    private static double? Number(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value : null;

    /// <summary>The plain text of a heading, paragraph or table cell.</summary>
    private static string Text(Block block)
    {
        var text = new StringBuilder();
        foreach (var leaf in block is LeafBlock l ? [l] : block.Descendants<LeafBlock>())
        {
            foreach (var inline in leaf.Inline?.Descendants<Inline>() ?? [])
            {
                text.Append(inline switch { LiteralInline lit => lit.Content.ToString(), CodeInline code => code.Content, _ => "" });
            }
        }

        return text.ToString().Trim();
    }
}
