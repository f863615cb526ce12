using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NeuroFit.Models.Analysis;
using NeuroFit.Models.Files;
using NeuroFit.Models.Syntax;
using NeuroFit.Models.Text;

namespace NeuroFit.Models.Tests;

/// <summary>Laws of the front end: printing round-trips, and no input makes it throw anything but ModelException.</summary>
public class PropertyTests
{
    private static readonly string[] Names = ["a", "b", "v", "tau", "x1", "g_exc", "E_L", "t", "pi"];
    private static readonly string[] Callees = ["exp", "f", "max", "clip", "Normal", "sum"];

    private static Gen<ExpressionSyntax> Leaf() => Gen.OneOf(
        Gen.Choose(0, 5000).Select(n => (ExpressionSyntax)new NumberSyntax(default, n, true)),
        Gen.Choose(0, 100000).Select(n => (ExpressionSyntax)new NumberSyntax(default, n / 1000.0, false)),
        Gen.Choose(1, 9999).Select(n => (ExpressionSyntax)new NumberSyntax(default, n * 1e-9, false)),
        Gen.Elements(true, false).Select(b => (ExpressionSyntax)new BoolSyntax(default, b)),
        Gen.Elements(Names).Select(n => (ExpressionSyntax)new NameSyntax(default, n)),
        Gen.Elements("v", "x1", "g_exc").Select(n => (ExpressionSyntax)new DerivativeSyntax(default, n)));

    private static readonly BinaryOp[] BinaryOps = Enum.GetValues<BinaryOp>();

    private static Gen<ExpressionSyntax> Tree(int size)
    {
        if (size <= 1) return Leaf();
        var child = Gen.Sized(_ => Tree(size / 2));
        return Gen.Frequency(
            (3, Leaf()),
            (2, Gen.Zip(Gen.Elements(UnaryOp.Negate, UnaryOp.Not), child).Select(p => (ExpressionSyntax)new UnarySyntax(default, p.Item1, p.Item2))),
            (5, Gen.Zip(Gen.Elements(BinaryOps), Gen.Zip(child, child)).Select(p =>
                (ExpressionSyntax)new BinarySyntax(default, p.Item1, default, p.Item2.Item1, p.Item2.Item2))),
            (1, Gen.Zip(Gen.Elements(Callees), Gen.Choose(0, 3)).SelectMany(p => Gen.ArrayOf(child, p.Item2).Select(args =>
                (ExpressionSyntax)new CallSyntax(default, new NameSyntax(default, p.Item1), [.. args])))),
            (1, Gen.Zip(child, Gen.Zip(child, child)).Select(p =>
                (ExpressionSyntax)new ConditionalSyntax(default, p.Item1, p.Item2.Item1, p.Item2.Item2))));
    }

    [Property(MaxTest = 1000)]
    public Property PrintingAParsedTreeAndParsingItAgainGivesTheSameTree() =>
        Prop.ForAll(Gen.Sized(size => Tree(Math.Min(size, 40))).ToArbitrary(), tree =>
        {
            var text = ExpressionPrinter.Print(tree);
            var bag = new DiagnosticBag();
            var parsed = Parser.ParseExpression(text, bag);
            Assert.False(bag.HasErrors, $"'{text}' did not parse: {bag.Errors.FirstOrDefault()}");
            Assert.True(SyntaxEquivalence.AreEquivalent(tree, parsed), $"'{text}' parsed to '{(parsed is null ? "null" : ExpressionPrinter.Print(parsed))}'");
            // Printing is a fixed point after one round.
            Assert.Equal(text, ExpressionPrinter.Print(parsed!));
        });

    [Fact]
    public void PrinterRoundTripsTheBuiltinModelsExpressions()
    {
        foreach (var name in BuiltinModels.Names)
        {
            var model = BuiltinModels.Get(name);
            var bag = new DiagnosticBag();
            var block = BlockParser.Parse(new SourceBlock("equations", model.Equations), BlockKind.Equations, bag);
            Assert.False(bag.HasErrors);
            foreach (var statement in block.Statements)
            {
                var text = ExpressionPrinter.Print(statement.Right!);
                Assert.True(SyntaxEquivalence.AreEquivalent(statement.Right, Parser.ParseExpression(text, bag)), text);
            }
        }
    }

    private static readonly string[] Fragments =
    [
        "dv/dt", "du/dt", "=", "+=", "-=", "*=", "/=", "==", "!=", "<", ">=", "v", "u", "r", "tau", "g_exc", "x", "(", ")", "((", "))",
        "if", ":", "else", "else:", "then", "\n", "\n", ";", "#", "# c\n", "2", "3.5e2", ".5", "1e999", "0", "+", "-", "*", "/", "**", "^", "%",
        "Normal(", "Uniform(0, 1)", ",", "init", "init=", "min=", "max=", "population", "exponential", "implicit", "midpoint", "rk4",
        "event-driven", "int", "bool", "sum(", "sum(exc)", "max(", "mean(v)", "ite(", "and", "or", "not", "True", "False", "pos(", "f(",
        "t", "dt", "t_last", "pi", " ", " ", "  ", "$", "'", "\t", "\r\n", "d", "/dt", "is", "is not", "&", "|", "!", "{", "é",
    ];

    private static Gen<string> Text() => Gen.Frequency(
        (4, Gen.ListOf(Gen.Elements(Fragments)).Select(parts => string.Concat(parts))),
        (1, ArbMap.Default.GeneratorFor<string>().Select(s => s ?? "")));

    private static Gen<NeuronModel> Models() =>
        from parameters in Text()
        from equations in Text()
        from spike in Text()
        from reset in Text()
        from refractory in Text()
        from functions in Text()
        from mask in Gen.Choose(0, 7)
        select new NeuronModel(parameters, equations, (mask & 1) != 0 ? spike : null, (mask & 2) != 0 ? reset : null,
            (mask & 4) != 0 ? refractory : null, (mask & 3) == 3 ? functions : null);

    [Property(MaxTest = 2000)]
    public Property ParsingNeverThrowsAnythingButModelException() =>
        Prop.ForAll(Models().ToArbitrary(), model =>
        {
            try
            {
                var analysed = model.Analyse();
                Assert.NotNull(analysed);
            }
            catch (ModelException e)
            {
                Assert.NotEmpty(e.Diagnostics);
                Assert.All(e.Diagnostics, d => Assert.True(d.Line >= 1 && d.Column >= 1, d.ToString()));
            }
        });

    [Property(MaxTest = 300)]
    public Property ValidModelsWithRandomLinesStillOnlyThrowModelException() =>
        Prop.ForAll((from name in Gen.Elements(BuiltinModels.Names.ToArray()) from extra in Text() from place in Gen.Choose(0, 5) select (name, extra, place)).ToArbitrary(), p =>
        {
            var (name, extra, place) = p;
            var model = BuiltinModels.Get(name);
            model = place switch
            {
                0 => model with { Equations = model.Equations + "\n" + extra },
                1 => model with { Parameters = model.Parameters + "\n" + extra },
                2 => model with { Reset = (model.Reset ?? "") + "\n" + extra },
                3 => model with { Functions = extra },
                4 => model with { Equations = extra + "\n" + model.Equations },
                _ => model with { Spike = extra },
            };
            try
            {
                model.Analyse();
            }
            catch (ModelException)
            {
            }
        });

    [Property(MaxTest = 300)]
    public Property ModelFilesNeverThrowAnythingButModelException() =>
        Prop.ForAll(Gen.Frequency((3, Gen.ListOf(Gen.Elements(["name: x\n", "equations: |\n", "  ", "parameters:", " |\n", "r = 1\n", "- ", "[", "{", "}", ":", "\"", "'", "#", "\n", "spike: v > 1\n", "foo: 1\n", "&a ", "*a", "!!str "])).Select(string.Concat)),
            (1, ArbMap.Default.GeneratorFor<string>().Select(s => s ?? ""))).ToArbitrary(), text =>
        {
            try
            {
                ModelFile.Parse(text, "fuzz.yaml").Analyse();
            }
            catch (ModelException e)
            {
                Assert.All(e.Diagnostics, d => Assert.Equal("fuzz.yaml", d.File));
            }
        });

    [Fact]
    public void DeeplyNestedInputIsAModelException()
    {
        foreach (var text in new[] { new string('(', 5000) + "v" + new string(')', 5000), string.Join(" + ", Enumerable.Repeat("v", 5000)), new string('-', 5000) + "v", "not " + string.Concat(Enumerable.Repeat("not ", 3000)) + "v" })
        {
            var e = Assert.Throws<ModelException>(() => new NeuronModel("", "r = " + text).Analyse());
            Assert.Equal("NF1015", e.First.Id);
        }
        var functions = string.Join("\n", Enumerable.Range(0, 40).Select(i => $"f{i + 1}(x) = f{i}(x) + f{i}(x)")) + "\nf0(x) = x";
        Assert.Equal("NF1131", Assert.Throws<ModelException>(() => new NeuronModel("", "r = f40(1.0)", Functions: functions).Analyse()).First.Id);
    }
}
