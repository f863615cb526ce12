using System.Collections.Immutable;
using System.Globalization;
using NeuroFit.Models.Analysis;
using VT = NeuroFit.Models.Analysis.ValueType;

namespace NeuroFit.Simulation.Tests.Support;

/// <summary>
/// A small Python-precedence expression parser for hand-built test models: numbers (ints without a dot), names of
/// parameters/variables, t, dt, t_last, + - * / % ** ^, comparisons, and/or/not, functions, distributions and
/// population reductions (<c>mean(v)</c>). Not the model language: just enough to write tests readably.
/// </summary>
internal sealed class MiniParser(List<ParameterInfo> parameters, List<(string Name, VT Type, Locality Locality)> variables, List<string> inputs)
{
    private string _s = "";
    private int _i;

    public int StreamCount { get; private set; }

    public int VariableIndex(string name)
    {
        var i = variables.FindIndex(v => v.Name == name);
        return i >= 0 ? i : throw new ArgumentException($"no variable {name}");
    }

    public Ex Parse(string text)
    {
        _s = text;
        _i = 0;
        var e = Or();
        Skip();
        if (_i != _s.Length) throw new FormatException($"unexpected '{_s[_i..]}' in '{text}'");
        return e;
    }

    private void Skip()
    {
        while (_i < _s.Length && char.IsWhiteSpace(_s[_i])) _i++;
    }

    private bool Eat(string token)
    {
        Skip();
        if (string.CompareOrdinal(_s, _i, token, 0, token.Length) != 0) return false;
        if (char.IsLetter(token[0]) && _i + token.Length < _s.Length && char.IsLetterOrDigit(_s[_i + token.Length])) return false;
        _i += token.Length;
        return true;
    }

    private static VT Arith(Ex a, Ex b) => a.Type != VT.Float && b.Type != VT.Float ? VT.Int : VT.Float;

    private Ex Or()
    {
        var l = And();
        while (Eat("or")) l = new BinaryEx(BinaryOp.Or, l, And(), VT.Bool);
        return l;
    }

    private Ex And()
    {
        var l = Not();
        while (Eat("and")) l = new BinaryEx(BinaryOp.And, l, Not(), VT.Bool);
        return l;
    }

    private Ex Not() => Eat("not") ? new UnaryEx(UnaryOp.Not, Not(), VT.Bool) : Comparison();

    private Ex Comparison()
    {
        var l = Sum();
        foreach (var (tok, op) in new[] { ("<=", BinaryOp.LessOrEqual), (">=", BinaryOp.GreaterOrEqual), ("==", BinaryOp.Equal),
                     ("!=", BinaryOp.NotEqual), ("<", BinaryOp.Less), (">", BinaryOp.Greater) })
            if (Eat(tok)) return new BinaryEx(op, l, Sum(), VT.Bool);
        return l;
    }

    private Ex Sum()
    {
        var l = Term();
        while (true)
        {
            if (Eat("+")) { var r = Term(); l = new BinaryEx(BinaryOp.Add, l, r, Arith(l, r)); }
            else if (Eat("-")) { var r = Term(); l = new BinaryEx(BinaryOp.Subtract, l, r, Arith(l, r)); }
            else return l;
        }
    }

    private Ex Term()
    {
        var l = Unary();
        while (true)
        {
            Skip();
            if (_i + 1 < _s.Length && _s[_i] == '*' && _s[_i + 1] == '*') return l;
            if (Eat("*")) { var r = Unary(); l = new BinaryEx(BinaryOp.Multiply, l, r, Arith(l, r)); }
            else if (Eat("/")) { var r = Unary(); l = new BinaryEx(BinaryOp.Divide, l, r, Arith(l, r)); }
            else if (Eat("%")) { var r = Unary(); l = new BinaryEx(BinaryOp.Modulo, l, r, Arith(l, r)); }
            else return l;
        }
    }

    private Ex Unary()
    {
        if (Eat("-")) { var o = Unary(); return new UnaryEx(UnaryOp.Negate, o, o.Type == VT.Bool ? VT.Int : o.Type); }
        if (Eat("+")) return Unary();
        return Power();
    }

    private Ex Power()
    {
        var b = Primary();
        if (Eat("**") || Eat("^")) return new BinaryEx(BinaryOp.Power, b, Unary(), VT.Float);
        return b;
    }

    private Ex Primary()
    {
        Skip();
        if (Eat("("))
        {
            var e = Or();
            Expect(")");
            return e;
        }
        if (_i < _s.Length && (char.IsDigit(_s[_i]) || _s[_i] == '.'))
        {
            var start = _i;
            while (_i < _s.Length && (char.IsDigit(_s[_i]) || _s[_i] == '.' || _s[_i] == 'e' || _s[_i] == 'E'
                                      || ((_s[_i] == '-' || _s[_i] == '+') && (_s[_i - 1] == 'e' || _s[_i - 1] == 'E')))) _i++;
            var text = _s[start.._i];
            var isFloat = text.Contains('.') || text.Contains('e') || text.Contains('E');
            return new ConstEx(double.Parse(text, CultureInfo.InvariantCulture), isFloat ? VT.Float : VT.Int);
        }
        var nameStart = _i;
        while (_i < _s.Length && (char.IsLetterOrDigit(_s[_i]) || _s[_i] == '_')) _i++;
        var name = _s[nameStart.._i];
        if (name.Length == 0) throw new FormatException($"expected a value at '{_s[_i..]}'");
        if (Eat("(")) return CallOf(name);
        switch (name)
        {
            case "t": return new BuiltinEx(BuiltinSymbol.Time);
            case "dt": return new BuiltinEx(BuiltinSymbol.Dt);
            case "t_last": return new BuiltinEx(BuiltinSymbol.LastSpikeTime);
            case "True": return new ConstEx(1, VT.Bool);
            case "False": return new ConstEx(0, VT.Bool);
        }
        var p = parameters.FindIndex(x => x.Name == name);
        if (p >= 0) return new ParameterEx(p, parameters[p].Type);
        var v = variables.FindIndex(x => x.Name == name);
        if (v >= 0) return new VariableEx(v, variables[v].Type);
        throw new FormatException($"unknown name '{name}'");
    }

    private void Expect(string token)
    {
        if (!Eat(token)) throw new FormatException($"expected '{token}' at '{_s[_i..]}' in '{_s}'");
    }

    private Ex CallOf(string name)
    {
        if (name == "sum")
        {
            var start = _i;
            while (_s[_i] != ')') _i++;
            var target = _s[start.._i].Trim();
            _i++;
            return new InputEx(inputs.IndexOf(target));
        }
        if (Enum.TryParse<GlobalOpKind>(name, ignoreCase: true, out var globalOp) && LooksLikeSingleLocal())
        {
            var start = _i;
            while (_s[_i] != ')') _i++;
            var variable = VariableIndex(_s[start.._i].Trim());
            _i++;
            return new GlobalOpEx(globalOp, variable);
        }
        var args = new List<Ex>();
        if (!Eat(")"))
        {
            do args.Add(Or()); while (Eat(","));
            Expect(")");
        }
        if (Enum.TryParse<DistributionKind>(name, out var dist)) return new RandomEx(StreamCount++, dist, [.. args]);
        if (name == "ite") return new ConditionalEx(args[0], args[1], args[2], args[1].Type == args[2].Type ? args[1].Type : VT.Float);
        var function = name switch
        {
            "exp" => MathFunction.Exp, "log" => MathFunction.Log, "log10" => MathFunction.Log10, "sqrt" => MathFunction.Sqrt,
            "sin" => MathFunction.Sin, "cos" => MathFunction.Cos, "tan" => MathFunction.Tan, "asin" => MathFunction.Asin,
            "acos" => MathFunction.Acos, "atan" => MathFunction.Atan, "sinh" => MathFunction.Sinh, "cosh" => MathFunction.Cosh,
            "tanh" => MathFunction.Tanh, "floor" => MathFunction.Floor, "ceil" => MathFunction.Ceil, "abs" => MathFunction.Abs,
            "pos" => MathFunction.Pos, "neg" => MathFunction.Neg, "clip" => MathFunction.Clip, "modulo" => MathFunction.IntModulo,
            "power" => MathFunction.IntPower, "round" => MathFunction.Round, "max" => MathFunction.Max, "min" => MathFunction.Min,
            "isfinite" => MathFunction.IsFinite, "isnan" => MathFunction.IsNaN,
            _ => throw new FormatException($"unknown function '{name}'"),
        };
        var type = function is MathFunction.IsFinite or MathFunction.IsNaN ? VT.Bool : VT.Float;
        return new CallEx(function, [.. args], type);
    }

    private bool LooksLikeSingleLocal()
    {
        var close = _s.IndexOf(')', _i);
        if (close < 0) return false;
        var inner = _s[_i..close].Trim();
        var v = variables.FindIndex(x => x.Name == inner);
        return !inner.Contains(',') && v >= 0 && variables[v].Locality == Locality.Local;
    }
}
