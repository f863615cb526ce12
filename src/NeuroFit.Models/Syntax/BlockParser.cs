using System.Collections.Immutable;
using NeuroFit.Models.Text;

namespace NeuroFit.Models.Syntax;

/// <summary>The kinds of block in a neuron model; decides how lines are joined into statements.</summary>
internal enum BlockKind
{
    Parameters,
    Equations,
    Spike,
    Reset,
    Refractory,
    Functions,
}

/// <summary>
/// Splits a block into statements and parses each. Lines are split on newlines and ';'. In equations, reset and
/// functions a line with no assignment operator before its first ':' continues the previous statement (this is how
/// long equations and multi-line <c>if:</c>/<c>else:</c> work). A spike block is one condition that may span lines.
/// </summary>
internal static class BlockParser
{
    public static BlockSyntax Parse(SourceBlock block, BlockKind kind, DiagnosticBag bag)
    {
        var pieces = SplitPieces(Lexer.Tokenize(block.Text));
        var statements = ImmutableArray.CreateBuilder<StatementSyntax>();
        foreach (var tokens in Group(block, kind, pieces, bag))
        {
            var bad = tokens.FirstOrDefault(t => t.Kind == TokenKind.Bad);
            if (bad is not null)
            {
                var error = Parser.BadCharacter(bad);
                bag.Error(block, error.Offset, error.Id, error.Message);
                continue;
            }
            var requireAssignment = kind is BlockKind.Equations or BlockKind.Reset or BlockKind.Functions or BlockKind.Parameters;
            var statement = Parser.ParseStatement(WithEnd(tokens), block, requireAssignment, bag);
            if (statement is not null) statements.Add(statement);
        }
        return new BlockSyntax(block, statements.ToImmutable());
    }

    private sealed record Piece(List<Token> Tokens, bool AfterSemicolon);

    private static List<Piece> SplitPieces(List<Token> tokens)
    {
        var pieces = new List<Piece>();
        var current = new List<Token>();
        var afterSemicolon = false;
        foreach (var token in tokens)
        {
            if (token.Kind is TokenKind.Newline or TokenKind.Semicolon or TokenKind.End)
            {
                if (current.Count > 0) pieces.Add(new Piece(current, afterSemicolon));
                current = [];
                afterSemicolon = token.Kind == TokenKind.Semicolon;
                continue;
            }
            current.Add(token);
        }
        return pieces;
    }

    private static IEnumerable<List<Token>> Group(SourceBlock block, BlockKind kind, List<Piece> pieces, DiagnosticBag bag)
    {
        switch (kind)
        {
            case BlockKind.Parameters:
                return pieces.Select(p => p.Tokens);
            case BlockKind.Refractory:
                return pieces.Count == 0 ? [] : [pieces.SelectMany(p => p.Tokens).ToList()];
            case BlockKind.Spike:
                return SpikeGroup(block, pieces, bag);
            default:
                return Continuations(pieces);
        }
    }

    private static List<List<Token>> Continuations(List<Piece> pieces)
    {
        var statements = new List<List<Token>>();
        foreach (var piece in pieces)
        {
            if (statements.Count == 0 || StartsStatement(piece.Tokens)) statements.Add([.. piece.Tokens]);
            else statements[^1].AddRange(piece.Tokens);
        }
        return statements;
    }

    /// <summary>A line starts a statement when it has an assignment operator before its first ':' (flags come after it).</summary>
    private static bool StartsStatement(List<Token> tokens)
    {
        foreach (var token in tokens)
        {
            if (token.IsAssignment) return true;
            if (token.Kind == TokenKind.Colon) return false;
        }
        return false;
    }

    /// <summary>
    /// The spike condition is a single expression. Lines are joined when the joined text parses; when every line parses
    /// on its own but the joined text does not, the block holds several statements, which is an error.
    /// </summary>
    private static List<List<Token>> SpikeGroup(SourceBlock block, List<Piece> pieces, DiagnosticBag bag)
    {
        if (pieces.Count <= 1) return pieces.Select(p => p.Tokens).ToList();
        var joined = pieces.SelectMany(p => p.Tokens).ToList();
        if (ParsesAlone(block, joined) && !pieces.Skip(1).Any(p => p.AfterSemicolon)) return [joined];
        if (pieces.All(p => ParsesAlone(block, p.Tokens)))
        {
            bag.Error(block, pieces[1].Tokens[0].Span, DiagnosticIds.SeveralSpikeStatements,
                "the spike block must hold exactly one condition; combine conditions with 'and'/'or', e.g. '(v > a) and (w < b)'");
            return [];
        }
        return [joined];
    }

    private static bool ParsesAlone(SourceBlock block, List<Token> tokens)
    {
        if (tokens.Any(t => t.Kind == TokenKind.Bad)) return false;
        var probe = new DiagnosticBag();
        return Parser.ParseStatement(WithEnd(tokens), block, requireAssignment: false, probe) is not null;
    }

    private static List<Token> WithEnd(List<Token> tokens)
    {
        var end = tokens.Count == 0 ? 0 : tokens[^1].Span.End;
        return [.. tokens, new Token(TokenKind.End, new TextSpan(end, 0), "")];
    }
}
