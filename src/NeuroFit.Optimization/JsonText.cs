using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace NeuroFit.Optimization;

/// <summary>
/// Writes the compact JSON stored with a study (search space, sampler settings) exactly as System.Text.Json's
/// <c>JsonNode.ToJsonString()</c> writes it — stored studies compare their JSON as text on resume — without loading
/// System.Text.Json on the common path (its first use costs tens of milliseconds, paid by every short fit). Strings with
/// characters System.Text.Json escapes go through System.Text.Json itself.
/// </summary>
internal sealed class JsonText
{
    private readonly StringBuilder _text = new();
    private bool _comma;

    public JsonText BeginObject() => Open('{');

    public JsonText EndObject() => Close('}');

    public JsonText BeginArray() => Open('[');

    public JsonText EndArray() => Close(']');

    /// <summary>A property name; the value follows.</summary>
    public JsonText Name(string name)
    {
        Separate();
        WriteString(name);
        _text.Append(':');
        _comma = false;
        return this;
    }

    public JsonText Value(string? value)
    {
        Separate();
        if (value is null) _text.Append("null");
        else WriteString(value);
        _comma = true;
        return this;
    }

    public JsonText Value(double value)
    {
        if (!double.IsFinite(value)) throw new ArgumentException($"JSON cannot hold {value}");
        return Raw(value.ToString("R", CultureInfo.InvariantCulture));
    }

    public JsonText Value(long value) => Raw(value.ToString(CultureInfo.InvariantCulture));

    public JsonText Value(bool value) => Raw(value ? "true" : "false");

    public JsonText Null() => Raw("null");

    /// <summary>A property with its value, in one call.</summary>
    public JsonText Property(string name, string value) => Name(name).Value(value);

    /// <inheritdoc cref="Property(string, string)"/>
    public JsonText Property(string name, double value) => Name(name).Value(value);

    /// <inheritdoc cref="Property(string, string)"/>
    public JsonText Property(string name, long value) => Name(name).Value(value);

    /// <inheritdoc cref="Property(string, string)"/>
    public JsonText Property(string name, bool value) => Name(name).Value(value);

    public override string ToString() => _text.ToString();

    private JsonText Open(char c)
    {
        Separate();
        _text.Append(c);
        _comma = false;
        return this;
    }

    private JsonText Close(char c)
    {
        _text.Append(c);
        _comma = true;
        return this;
    }

    private JsonText Raw(string token)
    {
        Separate();
        _text.Append(token);
        _comma = true;
        return this;
    }

    private void Separate()
    {
        if (_comma) _text.Append(',');
    }

    private void WriteString(string s)
    {
        foreach (var c in s)
            if (!IsVerbatim(c))
            {
                _text.Append(JsonValue.Create(s).ToJsonString());
                return;
            }
        _text.Append('"').Append(s).Append('"');
    }

    /// <summary>Characters System.Text.Json's default encoder writes as they are: printable ASCII except the quote,
    /// the backslash and the HTML-sensitive <c>+ &lt; &gt; &amp; ' `</c>.</summary>
    internal static bool IsVerbatim(char c) => c is >= ' ' and <= '~' and not ('"' or '\\' or '+' or '<' or '>' or '&' or '\'' or '`');
}
