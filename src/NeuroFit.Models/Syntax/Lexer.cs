using NeuroFit.Models.Text;

namespace NeuroFit.Models.Syntax;

/// <summary>Turns a block's text into tokens. Never throws: bad characters become <see cref="TokenKind.Bad"/> tokens.</summary>
internal static class Lexer
{
    private static readonly Dictionary<string, TokenKind> Keywords = new(StringComparer.Ordinal)
    {
        ["and"] = TokenKind.And,
        ["or"] = TokenKind.Or,
        ["not"] = TokenKind.Not,
        ["if"] = TokenKind.If,
        ["else"] = TokenKind.Else,
        ["is"] = TokenKind.Is,
        ["True"] = TokenKind.True,
        ["False"] = TokenKind.False,
        ["true"] = TokenKind.True,
        ["false"] = TokenKind.False,
    };

    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\n')
            {
                tokens.Add(new Token(TokenKind.Newline, new TextSpan(i, 1), "\n"));
                i++;
            }
            else if (c is ' ' or '\t' or '\r' or '\f' or '\v')
            {
                i++;
            }
            else if (c == '#')
            {
                while (i < text.Length && text[i] != '\n') i++;
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                tokens.Add(LexNumber(text, ref i));
            }
            else if (IsIdentifierStart(c))
            {
                tokens.Add(LexIdentifier(text, ref i));
            }
            else
            {
                tokens.Add(LexOperator(text, ref i));
            }
        }
        tokens.Add(new Token(TokenKind.End, new TextSpan(text.Length, 0), ""));
        return tokens;
    }

    public static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c == '_';

    public static bool IsIdentifierPart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static Token LexNumber(string text, ref int i)
    {
        var start = i;
        while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        if (i < text.Length && text[i] == '.')
        {
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        }
        if (i < text.Length && text[i] is 'e' or 'E')
        {
            var j = i + 1;
            if (j < text.Length && text[j] is '+' or '-') j++;
            if (j < text.Length && char.IsAsciiDigit(text[j]))
            {
                while (j < text.Length && char.IsAsciiDigit(text[j])) j++;
                i = j;
            }
        }
        return new Token(TokenKind.Number, TextSpan.FromBounds(start, i), text[start..i]);
    }

    private static Token LexIdentifier(string text, ref int i)
    {
        var start = i;
        while (i < text.Length && IsIdentifierPart(text[i])) i++;
        var word = text[start..i];
        if (Keywords.TryGetValue(word, out var keyword)) return new Token(keyword, TextSpan.FromBounds(start, i), word);

        // dX/dt (spaces allowed around the slash) is one token: the derivative of X.
        if (word.Length > 1 && word[0] == 'd')
        {
            var j = SkipBlanks(text, i);
            if (j < text.Length && text[j] == '/')
            {
                j = SkipBlanks(text, j + 1);
                if (j + 1 < text.Length && text[j] == 'd' && text[j + 1] == 't'
                    && (j + 2 >= text.Length || !IsIdentifierPart(text[j + 2])))
                {
                    i = j + 2;
                    return new Token(TokenKind.Derivative, TextSpan.FromBounds(start, i), text[start..i], word[1..]);
                }
            }
        }
        return new Token(TokenKind.Identifier, TextSpan.FromBounds(start, i), word, word);
    }

    private static int SkipBlanks(string text, int j)
    {
        while (j < text.Length && text[j] is ' ' or '\t') j++;
        return j;
    }

    private static Token LexOperator(string text, ref int i)
    {
        var c = text[i];
        var next = i + 1 < text.Length ? text[i + 1] : '\0';
        (TokenKind kind, int length) = (c, next) switch
        {
            ('*', '*') => (TokenKind.Power, 2),
            ('*', '=') => (TokenKind.StarAssign, 2),
            ('+', '=') => (TokenKind.PlusAssign, 2),
            ('-', '=') => (TokenKind.MinusAssign, 2),
            ('/', '=') => (TokenKind.SlashAssign, 2),
            ('<', '=') => (TokenKind.LessEqual, 2),
            ('>', '=') => (TokenKind.GreaterEqual, 2),
            ('=', '=') => (TokenKind.EqualEqual, 2),
            ('!', '=') => (TokenKind.NotEqual, 2),
            ('*', _) => (TokenKind.Star, 1),
            ('+', _) => (TokenKind.Plus, 1),
            ('-', _) => (TokenKind.Minus, 1),
            ('/', _) => (TokenKind.Slash, 1),
            ('%', _) => (TokenKind.Percent, 1),
            ('^', _) => (TokenKind.Power, 1),
            ('(', _) => (TokenKind.OpenParen, 1),
            (')', _) => (TokenKind.CloseParen, 1),
            (',', _) => (TokenKind.Comma, 1),
            (':', _) => (TokenKind.Colon, 1),
            (';', _) => (TokenKind.Semicolon, 1),
            ('<', _) => (TokenKind.Less, 1),
            ('>', _) => (TokenKind.Greater, 1),
            ('=', _) => (TokenKind.Assign, 1),
            ('&', _) => (TokenKind.Ampersand, 1),
            ('|', _) => (TokenKind.Pipe, 1),
            _ => (TokenKind.Bad, char.IsSurrogatePair(text, i) ? 2 : 1),
        };
        var token = new Token(kind, new TextSpan(i, length), text.Substring(i, length));
        i += length;
        return token;
    }
}
