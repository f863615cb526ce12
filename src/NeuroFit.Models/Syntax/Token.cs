using NeuroFit.Models.Text;

namespace NeuroFit.Models.Syntax;

internal enum TokenKind
{
    End,
    Newline,
    Semicolon,
    Number,
    Identifier,
    /// <summary><c>dX/dt</c> as one token; <see cref="Token.Text"/> is the whole source text, the variable is in <see cref="Token.Name"/>.</summary>
    Derivative,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    Power,
    OpenParen,
    CloseParen,
    Comma,
    Colon,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    EqualEqual,
    NotEqual,
    Assign,
    PlusAssign,
    MinusAssign,
    StarAssign,
    SlashAssign,
    Ampersand,
    Pipe,
    And,
    Or,
    Not,
    If,
    Else,
    Is,
    True,
    False,
    Bad,
}

/// <summary>A token with its span in the block text.</summary>
internal sealed record Token(TokenKind Kind, TextSpan Span, string Text, string Name = "")
{
    public bool IsAssignment => Kind is TokenKind.Assign or TokenKind.PlusAssign or TokenKind.MinusAssign
        or TokenKind.StarAssign or TokenKind.SlashAssign;

    /// <summary>True for tokens that can start an operand (used to detect implicit multiplication such as <c>2v</c>).</summary>
    public bool StartsOperand => Kind is TokenKind.Number or TokenKind.Identifier or TokenKind.Derivative
        or TokenKind.OpenParen or TokenKind.True or TokenKind.False;

    public bool IsComparison => Kind is TokenKind.Less or TokenKind.LessEqual or TokenKind.Greater
        or TokenKind.GreaterEqual or TokenKind.EqualEqual or TokenKind.NotEqual or TokenKind.Is;

    public string Display => Kind switch
    {
        TokenKind.End => "end of statement",
        TokenKind.Newline => "end of line",
        _ => $"'{Text}'",
    };
}
