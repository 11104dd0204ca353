using System.Text;

namespace Bandit.MovieLens.Parsing;

/// <summary>Splits one RFC 4180 CSV line: quoted fields may hold commas and doubled quotes (<c>""</c>).</summary>
internal static class CsvLine
{
    /// <summary>Fills <paramref name="fields"/>; throws naming file and line for an unterminated quote or a wrong field count.</summary>
    public static void Split(LineSource source, string line, List<string> fields, int expected, string describe)
    {
        fields.Clear();
        var builder = new StringBuilder();
        var i = 0;
        while (true)
        {
            builder.Clear();
            if (i < line.Length && line[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= line.Length)
                    {
                        throw source.Error("a quoted field is not closed");
                    }

                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            builder.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    builder.Append(line[i++]);
                }

                if (i < line.Length && line[i] != ',')
                {
                    throw source.Error($"unexpected character '{line[i]}' after a closing quote");
                }
            }
            else
            {
                var end = line.IndexOf(',', i);
                end = end < 0 ? line.Length : end;
                builder.Append(line, i, end - i);
                i = end;
            }

            fields.Add(builder.ToString());
            if (i >= line.Length)
            {
                break;
            }

            i++; // the comma
        }

        if (fields.Count != expected)
        {
            throw source.Error($"expected {expected} fields ({describe}) but found {fields.Count}");
        }
    }
}
