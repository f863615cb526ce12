using System.Globalization;

namespace NeuroFit.Data;

/// <summary>A parsed CSV file: optional header and numeric rows. Delimiter ',', ';' or tab (guessed from the first
/// data line); lines starting with '#' and blank lines are skipped; values may be quoted.</summary>
internal sealed class CsvTable
{
    private CsvTable(string file, string[]? header, List<double[]> rows, List<int> lineNumbers)
    {
        File = file;
        Header = header;
        Rows = rows;
        LineNumbers = lineNumbers;
    }

    public string File { get; }

    public string[]? Header { get; }

    public List<double[]> Rows { get; }

    public List<int> LineNumbers { get; }

    /// <summary>Reads the file. <paramref name="headerRequired"/>: the first line must name the columns; otherwise a
    /// first line that is not all numbers is taken as the header.</summary>
    public static CsvTable Read(string path, bool headerRequired)
    {
        if (!System.IO.File.Exists(path)) throw new FileNotFoundException($"data file '{path}' does not exist", path);
        var lines = System.IO.File.ReadAllLines(path);
        string[]? header = null;
        char? delimiter = null;
        var rows = new List<double[]>();
        var numbers = new List<int>();
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n].Trim().TrimStart('\uFEFF');
            if (line.Length == 0 || line.StartsWith('#')) continue;
            delimiter ??= Guess(line);
            var cells = line.Split(delimiter.Value).Select(c => c.Trim().Trim('"').Trim()).ToArray();
            if (header is null && rows.Count == 0 && (headerRequired || !cells.All(IsNumber)))
            {
                header = cells;
                var duplicate = header.GroupBy(h => h).FirstOrDefault(g => g.Count() > 1);
                if (duplicate is not null)
                    throw new DataFormatException(path, $"the header names column '{duplicate.Key}' twice; column names must be unique");
                continue;
            }
            var width = header?.Length ?? rows.FirstOrDefault()?.Length ?? cells.Length;
            if (cells.Length != width)
                throw new DataFormatException(path, $"line {n + 1} has {cells.Length} values but {(header is null ? "the first row" : "the header")} has {width}; every row needs one value per column");
            var values = new double[cells.Length];
            for (var c = 0; c < cells.Length; c++)
            {
                if (!double.TryParse(cells[c], NumberStyles.Float, CultureInfo.InvariantCulture, out var x) || !double.IsFinite(x))
                {
                    var column = header is null ? $"column {c + 1}" : $"column '{header[c]}'";
                    throw new DataFormatException(path, $"line {n + 1}, {column}: '{cells[c]}' is not a finite number (use '.' as decimal point)");
                }
                values[c] = x;
            }
            rows.Add(values);
            numbers.Add(n + 1);
        }
        if (headerRequired && header is null)
            throw new DataFormatException(path, "the file is empty; expected a header line naming the columns, then one row per sample");
        return new CsvTable(path, header, rows, numbers);
    }

    /// <summary>Index of the named column.</summary>
    public int ColumnIndex(string name, string purpose)
    {
        var index = Header is null ? -1 : Array.IndexOf(Header, name);
        if (index >= 0) return index;
        var available = Header is null ? "the file has no header" : "columns: " + string.Join(", ", Header.Select(h => $"'{h}'"));
        throw new DataFormatException(File, $"no column '{name}' ({purpose}); {available}");
    }

    public double[] Column(int index) => Rows.Select(r => r[index]).ToArray();

    private static bool IsNumber(string cell) =>
        double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static char Guess(string line) =>
        line.Contains('\t') ? '\t' : line.Contains(';') && !line.Contains(',') ? ';' : ',';
}
