using System.Globalization;
using System.Text;

namespace NeuroFit.Simulation.IO;

/// <summary>The parsed header of a .npy file.</summary>
internal sealed record NpyHeader(NpyDType DType, bool BigEndian, bool FortranOrder, int[] Shape)
{
    public static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>numpy pads the header so that the data start at a multiple of 64 bytes.</summary>
    private const int Alignment = 64;

    public long Count
    {
        get
        {
            long n = 1;
            foreach (var d in Shape) n *= d;
            return n;
        }
    }

    /// <summary>The complete preamble (magic, version, length, dict text, padding, newline) as numpy writes it.
    /// Version 1.0 when the header fits a 16-bit length, else 2.0, unless <paramref name="forceVersion"/> is set.</summary>
    public static byte[] Encode(NpyDType dtype, bool fortranOrder, IReadOnlyList<int> shape, int? forceVersion)
    {
        var shapeText = shape.Count switch
        {
            0 => "()",
            1 => $"({shape[0]},)",
            _ => "(" + string.Join(", ", shape) + ")",
        };
        var dict = $"{{'descr': '{NpyDTypes.Descr(dtype)}', 'fortran_order': {(fortranOrder ? "True" : "False")}, 'shape': {shapeText}, }}";
        var version = forceVersion ?? 1;
        if (version is not (1 or 2 or 3))
            throw new ArgumentOutOfRangeException(nameof(forceVersion), forceVersion, "the .npy format version must be 1, 2 or 3");
        while (true)
        {
            var lengthBytes = version == 1 ? 2 : 4;
            var prefix = Magic.Length + 2 + lengthBytes;
            var unpadded = prefix + dict.Length + 1;
            var total = (unpadded + Alignment - 1) / Alignment * Alignment;
            var headerLength = total - prefix;
            if (version == 1 && headerLength > ushort.MaxValue)
            {
                version = 2;
                continue;
            }
            var bytes = new byte[total];
            Magic.CopyTo(bytes, 0);
            bytes[6] = (byte)version;
            bytes[7] = 0;
            if (version == 1) BitConverter.TryWriteBytes(bytes.AsSpan(8, 2), (ushort)headerLength);
            else BitConverter.TryWriteBytes(bytes.AsSpan(8, 4), (uint)headerLength);
            if (!BitConverter.IsLittleEndian) bytes.AsSpan(8, lengthBytes).Reverse();
            var text = dict + new string(' ', total - unpadded) + "\n";
            Encoding.ASCII.GetBytes(text, bytes.AsSpan(prefix));
            return bytes;
        }
    }

    /// <summary>Reads and parses the preamble; leaves the stream at the first data byte.</summary>
    public static NpyHeader Read(Stream stream, string source)
    {
        Span<byte> start = stackalloc byte[10];
        ReadExactly(stream, start[..8], source, "the 8-byte .npy preamble");
        if (!start[..6].SequenceEqual(Magic))
            throw new NpyFormatException(source, "not a .npy file (the file must start with the bytes \\x93NUMPY)");
        int major = start[6];
        int headerLength;
        if (major == 1)
        {
            ReadExactly(stream, start.Slice(8, 2), source, "the header length");
            headerLength = start[8] | (start[9] << 8);
        }
        else if (major is 2 or 3)
        {
            Span<byte> len = stackalloc byte[4];
            ReadExactly(stream, len, source, "the header length");
            var value = (uint)(len[0] | (len[1] << 8) | (len[2] << 16) | (len[3] << 24));
            if (value > 100_000_000)
                throw new NpyFormatException(source, $"header length {value} is implausibly large; the file is damaged");
            headerLength = (int)value;
        }
        else
        {
            throw new NpyFormatException(source, $".npy format version {major}.{start[7]} is not supported (expected 1.0, 2.0 or 3.0)");
        }
        var headerBytes = new byte[headerLength];
        ReadExactly(stream, headerBytes, source, $"the {headerLength}-byte header");
        var text = major == 3 ? Encoding.UTF8.GetString(headerBytes) : Encoding.Latin1.GetString(headerBytes);
        return Parse(text, source);
    }

    internal static NpyHeader Parse(string text, string source)
    {
        var parser = new DictParser(text, source);
        var dict = parser.ParseDict();
        if (!dict.TryGetValue("descr", out var descrValue) || descrValue is not string descr)
        {
            if (descrValue is List<object>)
                throw new NpyFormatException(source, "structured (record) dtypes are not supported; save a plain numeric array");
            throw new NpyFormatException(source, "header has no 'descr' string");
        }
        if (!NpyDTypes.TryParseDescr(descr, out var dtype, out var bigEndian))
            throw new NpyFormatException(source,
                $"dtype '{descr}' is not supported; expected float64 (<f8), float32 (<f4), int64 (<i8), int32 (<i4) or bool (|b1)");
        if (!dict.TryGetValue("fortran_order", out var fo) || fo is not bool fortran)
            throw new NpyFormatException(source, "header has no boolean 'fortran_order'");
        if (!dict.TryGetValue("shape", out var sh) || sh is not List<object> shapeList)
            throw new NpyFormatException(source, "header has no 'shape' tuple");
        var shape = new int[shapeList.Count];
        for (var i = 0; i < shape.Length; i++)
        {
            if (shapeList[i] is not long d || d < 0 || d > int.MaxValue)
                throw new NpyFormatException(source, $"shape entry {i} is not a non-negative integer below 2^31");
            shape[i] = (int)d;
        }
        return new NpyHeader(dtype, bigEndian, fortran, shape);
    }

    internal static void ReadExactly(Stream stream, Span<byte> buffer, string source, string what)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = stream.Read(buffer[total..]);
            if (n == 0)
                throw new NpyFormatException(source, $"file ends early while reading {what} ({total} of {buffer.Length} bytes present)");
            total += n;
        }
    }

    /// <summary>Minimal parser for the Python dict literal in a .npy header (strings, True/False, int tuples, lists).</summary>
    private sealed class DictParser(string text, string source)
    {
        private int _pos;

        public Dictionary<string, object> ParseDict()
        {
            Skip();
            Expect('{');
            var result = new Dictionary<string, object>(StringComparer.Ordinal);
            while (true)
            {
                Skip();
                if (Peek() == '}') { _pos++; return result; }
                var key = ParseString();
                Skip();
                Expect(':');
                result[key] = ParseValue();
                Skip();
                if (Peek() == ',') { _pos++; continue; }
                Skip();
                Expect('}');
                return result;
            }
        }

        private object ParseValue()
        {
            Skip();
            var c = Peek();
            if (c is '\'' or '"') return ParseString();
            if (c is '(' or '[') return ParseSequence(c == '(' ? ')' : ']');
            if (char.IsDigit(c) || c == '-') return ParseInt();
            if (Match("True")) return true;
            if (Match("False")) return false;
            if (Match("None")) return "None";
            throw Error($"unexpected character '{c}'");
        }

        private List<object> ParseSequence(char close)
        {
            _pos++;
            var items = new List<object>();
            while (true)
            {
                Skip();
                if (Peek() == close) { _pos++; return items; }
                items.Add(ParseValue());
                Skip();
                if (Peek() == ',') { _pos++; continue; }
                Skip();
                Expect(close);
                return items;
            }
        }

        private long ParseInt()
        {
            var begin = _pos;
            if (Peek() == '-') _pos++;
            while (_pos < text.Length && char.IsDigit(text[_pos])) _pos++;
            var digits = text[begin.._pos];
            if (_pos < text.Length && text[_pos] is 'L' or 'l') _pos++; // Python 2 long suffix
            if (!long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
                throw Error($"bad integer '{digits}'");
            return value;
        }

        private string ParseString()
        {
            var quote = Peek();
            if (quote is not ('\'' or '"')) throw Error("expected a quoted key");
            _pos++;
            var end = text.IndexOf(quote, _pos);
            if (end < 0) throw Error("unterminated string");
            var s = text[_pos..end];
            _pos = end + 1;
            return s;
        }

        private bool Match(string word)
        {
            if (string.CompareOrdinal(text, _pos, word, 0, word.Length) != 0) return false;
            _pos += word.Length;
            return true;
        }

        private void Expect(char c)
        {
            if (Peek() != c) throw Error($"expected '{c}'");
            _pos++;
        }

        private char Peek() => _pos < text.Length ? text[_pos] : '\0';

        private void Skip()
        {
            while (_pos < text.Length && char.IsWhiteSpace(text[_pos])) _pos++;
        }

        private NpyFormatException Error(string what) =>
            new(source, $"malformed .npy header at character {_pos}: {what} (header: {text.TrimEnd()})");
    }
}
