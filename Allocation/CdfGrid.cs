using MathNet.Numerics.Distributions;

namespace Bandit.Allocation;

/// <summary>A partition of [0, 1] with every arm's CDF at each node (row-major: node, then arm).</summary>
internal sealed class CdfGrid
{
    private readonly double[] _a;
    private readonly double[] _b;
    private List<double> _x = [];
    private List<double> _f = [];

    public CdfGrid(double[] a, double[] b, List<double> nodes)
    {
        _a = a;
        _b = b;
        double? last = null;
        foreach (var x in nodes)
        {
            if (x != last)
            {
                Add(_x, _f, x);
                last = x;
            }
        }
    }

    public int Count => _x.Count;

    private int Arms => _a.Length;

    /// <summary>Per panel the largest arm's bound; per arm the summed bound Σ ΔF·ΔG/2.</summary>
    public (double[] Panels, double[] Arms) Bounds()
    {
        var panels = new double[Count - 1];
        var arms = new double[Arms];
        Span<double> g0 = stackalloc double[Arms];
        Span<double> g1 = stackalloc double[Arms];
        Others(0, g0);
        for (var k = 0; k < Count - 1; k++)
        {
            Others(k + 1, g1);
            for (var i = 0; i < Arms; i++)
            {
                var bound = Math.Abs(F(k + 1, i) - F(k, i)) * Math.Abs(g1[i] - g0[i]) / 2;
                arms[i] += bound;
                panels[k] = Math.Max(panels[k], bound);
            }

            g1.CopyTo(g0);
        }

        return (panels, arms);
    }

    /// <summary>Bisects the largest-bound panels that make up half of the total; false when none can be split.</summary>
    public bool Refine(double[] panelBounds)
    {
        var order = Enumerable.Range(0, panelBounds.Length).OrderByDescending(k => panelBounds[k]).ToArray();
        var target = panelBounds.Sum() / 2;
        var split = new bool[panelBounds.Length];
        var taken = 0.0;
        foreach (var k in order)
        {
            if (taken >= target && taken > 0)
            {
                break;
            }

            split[k] = true;
            taken += panelBounds[k];
        }

        var x = new List<double>(Count * 2);
        var f = new List<double>(Count * 2 * Arms);
        var added = false;
        for (var k = 0; k < Count; k++)
        {
            x.Add(_x[k]);
            for (var i = 0; i < Arms; i++)
            {
                f.Add(F(k, i));
            }

            if (k < Count - 1 && split[k])
            {
                var mid = Split(_x[k], _x[k + 1]);
                if (mid > _x[k] && mid < _x[k + 1])
                {
                    Add(x, f, mid);
                    added = true;
                }
            }
        }

        (_x, _f) = (x, f);
        return added;
    }

    /// <summary>P_i ≈ Σ_k ΔF_i,k · (G_i(x_k) + G_i(x_k+1)) / 2.</summary>
    public double[] Integrate()
    {
        var p = new double[Arms];
        Span<double> g0 = stackalloc double[Arms];
        Span<double> g1 = stackalloc double[Arms];
        Others(0, g0);
        for (var k = 0; k < Count - 1; k++)
        {
            Others(k + 1, g1);
            for (var i = 0; i < Arms; i++)
            {
                p[i] += (F(k + 1, i) - F(k, i)) * (g0[i] + g1[i]) / 2;
            }

            g1.CopyTo(g0);
        }

        return p;
    }

    private double F(int node, int arm) => _f[(node * Arms) + arm];

    /// <summary>G_i = ∏_{j≠i} F_j at a node, by prefix and suffix products.</summary>
    private void Others(int node, Span<double> g)
    {
        var prefix = 1.0;
        for (var i = 0; i < Arms; i++)
        {
            g[i] = prefix;
            prefix *= F(node, i);
        }

        var suffix = 1.0;
        for (var i = Arms - 1; i >= 0; i--)
        {
            g[i] *= suffix;
            suffix *= F(node, i);
        }
    }

    private void Add(List<double> x, List<double> f, double at)
    {
        x.Add(at);
        for (var i = 0; i < Arms; i++)
        {
            f.Add(at <= 0 ? 0.0 : Beta.CDF(_a[i], _b[i], at));
        }
    }

    /// <summary>Where to cut a panel: towards 0 and 1 by decades (mass of x^(α-1) spreads over them), else the middle.</summary>
    private static double Split(double lo, double hi)
    {
        if (lo == 0)
        {
            return hi / 1024;
        }

        if (hi == 1)
        {
            return 1 - ((1 - lo) / 1024);
        }

        if (hi > 16 * lo)
        {
            return Math.Sqrt(lo * hi);
        }

        return (1 - lo) > 16 * (1 - hi) ? 1 - Math.Sqrt((1 - lo) * (1 - hi)) : lo + ((hi - lo) / 2);
    }
}
