namespace NeuroFit.Optimization.Samplers.Bads;

/// <summary>Every evaluated point in BADS coordinates with its loss (+∞ for a failed trial), in evaluation order, and
/// a set of their cells of width tol_mesh/2 (PyBADS's test for "already evaluated").</summary>
internal sealed class BadsArchive(int d, double tolMesh)
{
    private readonly List<double[]> _u = new();
    private readonly List<double> _y = new();
    private readonly HashSet<Cell> _cells = new();
    private readonly double _cellWidth = tolMesh / 2;

    public int Count => _u.Count;
    public int D => d;
    public double[] U(int k) => _u[k];
    public double Y(int k) => _y[k];

    public void Add(double[] u, double y)
    {
        _u.Add(u);
        _y.Add(double.IsNaN(y) ? double.PositiveInfinity : y);
        _cells.Add(CellOf(u));
    }

    public bool Contains(ReadOnlySpan<double> u) => _cells.Contains(CellOf(u));

    internal Cell CellOf(ReadOnlySpan<double> u)
    {
        var k = new long[u.Length];
        for (var i = 0; i < u.Length; i++) k[i] = (long)Math.Round(u[i] / _cellWidth);
        return new Cell(k);
    }

    /// <summary>Cell coordinates of a point (value equality).</summary>
    internal readonly struct Cell : IEquatable<Cell>
    {
        private readonly long[] _k;
        private readonly int _hash;

        public Cell(long[] k)
        {
            _k = k;
            var h = new HashCode();
            foreach (var v in k) h.Add(v);
            _hash = h.ToHashCode();
        }

        public bool Equals(Cell other) => _hash == other._hash && _k.AsSpan().SequenceEqual(other._k);
        public override bool Equals(object? obj) => obj is Cell c && Equals(c);
        public override int GetHashCode() => _hash;
    }
}
