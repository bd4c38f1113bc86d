using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Neptune.Streams.Lambda.GraphEvents;

namespace Neptune.Streams.Lambda.ChangeRecords;

/// <summary>
/// Parses one N-Quads statement (W3C RDF 1.1 N-Quads): IRIs with <c>\u</c>/<c>\U</c> escapes, blank nodes, literals
/// with escapes and a datatype or language tag, and an optional graph label. Errors name the column, never the value.
/// </summary>
internal static class NQuadsParser
{
    /// <summary>Parses <paramref name="text"/> (one statement, trailing line break and comment allowed).</summary>
    /// <param name="text">The statement.</param>
    /// <param name="statement">The statement read, when this returns true.</param>
    /// <param name="error">What is wrong and where (a column, never the value), when this returns false.</param>
    public static bool TryParseStatement(
        string text, [NotNullWhen(true)] out RdfStatement? statement, [NotNullWhen(false)] out string? error)
    {
        error = ParseStatement(text, out statement);
        return Succeeded(ref error, ref statement);
    }

    /// <summary>
    /// Parses a term written either in N-Triples syntax (<c>&lt;iri&gt;</c>, <c>_:b</c>, <c>"lit"@en</c>) or as a bare
    /// IRI, as the simplified SPARQL form writes its <c>s</c>, <c>p</c> and <c>o</c>.
    /// </summary>
    /// <param name="text">The term.</param>
    /// <param name="term">The term read, when this returns true.</param>
    /// <param name="error">What is wrong and where, when this returns false.</param>
    public static bool TryParseLenientTerm(string text, [NotNullWhen(true)] out RdfTerm? term, [NotNullWhen(false)] out string? error)
    {
        error = ParseLenientTerm(text, out term);
        return Succeeded(ref error, ref term);
    }

    private static bool Succeeded<T>([NotNullWhen(false)] ref string? error, [NotNullWhen(true)] ref T? result)
        where T : class
    {
        if (error is null && result is not null)
        {
            return true;
        }

        error ??= "nothing was read";
        result = null;
        return false;
    }

    private static string? ParseStatement(string text, out RdfStatement? statement)
    {
        statement = null;
        var cursor = new Cursor(text);
        cursor.SkipWhitespace();
        string? error = ReadTerm(ref cursor, out var subject);
        if (error is not null)
        {
            return $"subject: {error}";
        }

        if (subject!.Kind == RdfTermKind.Literal)
        {
            return "subject is a literal";
        }

        cursor.SkipWhitespace();
        error = ReadTerm(ref cursor, out var predicate);
        if (error is not null)
        {
            return $"predicate: {error}";
        }

        if (predicate!.Kind != RdfTermKind.Iri)
        {
            return "predicate is not an IRI";
        }

        cursor.SkipWhitespace();
        error = ReadTerm(ref cursor, out var obj);
        if (error is not null)
        {
            return $"object: {error}";
        }

        cursor.SkipWhitespace();
        RdfTerm? graph = null;
        if (cursor.Peek is '<' or '_')
        {
            error = ReadTerm(ref cursor, out graph);
            if (error is not null)
            {
                return $"graph: {error}";
            }

            if (graph!.Kind == RdfTermKind.Literal)
            {
                return "graph label is a literal";
            }

            cursor.SkipWhitespace();
        }

        if (cursor.Peek != '.')
        {
            return $"expected '.' at column {cursor.Column}";
        }

        cursor.Advance();
        cursor.SkipWhitespace();
        if (!cursor.AtEnd && cursor.Peek != '#')
        {
            return $"unexpected text after '.' at column {cursor.Column}";
        }

        statement = new RdfStatement(subject, predicate, obj!, graph);
        return null;
    }

    private static string? ParseLenientTerm(string text, out RdfTerm? term)
    {
        term = null;
        string trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return "empty term";
        }

        if (trimmed[0] is not ('<' or '"' or '_'))
        {
            term = new RdfTerm(RdfTermKind.Iri, trimmed);
            return null;
        }

        var cursor = new Cursor(trimmed);
        string? error = ReadTerm(ref cursor, out term);
        if (error is null && !cursor.AtEnd)
        {
            term = null;
            return $"unexpected text at column {cursor.Column}";
        }

        return error;
    }

    private static string? ReadTerm(ref Cursor cursor, out RdfTerm? term)
    {
        term = null;
        switch (cursor.Peek)
        {
            case '<':
            {
                string? error = ReadIri(ref cursor, out string? iri);
                term = error is null ? new RdfTerm(RdfTermKind.Iri, iri!) : null;
                return error;
            }

            case '_':
                return ReadBlankNode(ref cursor, out term);
            case '"':
                return ReadLiteral(ref cursor, out term);
            case '\0':
                return $"missing term at column {cursor.Column}";
            default:
                return $"unexpected character at column {cursor.Column}";
        }
    }

    private static string? ReadIri(ref Cursor cursor, out string? iri)
    {
        iri = null;
        int start = cursor.Column;
        cursor.Advance();
        var text = new StringBuilder();
        while (true)
        {
            if (cursor.AtEnd)
            {
                return $"IRI from column {start} is not closed with '>'";
            }

            char c = cursor.Peek;
            cursor.Advance();
            if (c == '>')
            {
                break;
            }

            if (c == '\\')
            {
                string? error = ReadUnicodeEscape(ref cursor, text, allowCharacterEscapes: false);
                if (error is not null)
                {
                    return error;
                }

                continue;
            }

            if (c <= ' ' || c is '<' or '"' or '{' or '}' or '|' or '^' or '`')
            {
                return $"IRI has a forbidden character at column {cursor.Column - 1}";
            }

            text.Append(c);
        }

        iri = text.ToString();
        return null;
    }

    private static string? ReadBlankNode(ref Cursor cursor, out RdfTerm? term)
    {
        term = null;
        int start = cursor.Column;
        cursor.Advance();
        if (cursor.Peek != ':')
        {
            return $"blank node at column {start} lacks ':' after '_'";
        }

        cursor.Advance();
        var label = new StringBuilder();
        while (!cursor.AtEnd && (char.IsLetterOrDigit(cursor.Peek) || cursor.Peek is '_' or '-' or '.' or '\u00B7'))
        {
            label.Append(cursor.Peek);
            cursor.Advance();
        }

        // A label may not end with '.': that dot ends the statement.
        while (label.Length > 0 && label[^1] == '.')
        {
            label.Length--;
            cursor.Back();
        }

        if (label.Length == 0)
        {
            return $"blank node at column {start} has no label";
        }

        term = new RdfTerm(RdfTermKind.BlankNode, label.ToString());
        return null;
    }

    private static string? ReadLiteral(ref Cursor cursor, out RdfTerm? term)
    {
        term = null;
        int start = cursor.Column;
        cursor.Advance();
        var text = new StringBuilder();
        while (true)
        {
            if (cursor.AtEnd)
            {
                return $"literal from column {start} is not closed with '\"'";
            }

            char c = cursor.Peek;
            cursor.Advance();
            if (c == '"')
            {
                break;
            }

            if (c == '\\')
            {
                string? error = ReadUnicodeEscape(ref cursor, text, allowCharacterEscapes: true);
                if (error is not null)
                {
                    return error;
                }

                continue;
            }

            if (c is '\n' or '\r')
            {
                return $"literal from column {start} has a raw line break";
            }

            text.Append(c);
        }

        if (cursor.Peek == '@')
        {
            cursor.Advance();
            int tagStart = cursor.Position;
            while (!cursor.AtEnd && (char.IsAsciiLetterOrDigit(cursor.Peek) || cursor.Peek == '-'))
            {
                cursor.Advance();
            }

            string tag = cursor.Slice(tagStart);
            if (tag.Length == 0 || !char.IsAsciiLetter(tag[0]) || tag.EndsWith('-'))
            {
                return $"literal from column {start} has a malformed language tag";
            }

            term = new RdfTerm(RdfTermKind.Literal, text.ToString(), language: tag);
            return null;
        }

        if (cursor.Peek == '^')
        {
            cursor.Advance();
            if (cursor.Peek != '^')
            {
                return $"literal from column {start} has '^' without a second '^'";
            }

            cursor.Advance();
            if (cursor.Peek != '<')
            {
                return $"literal from column {start} has a datatype that is not an IRI";
            }

            string? error = ReadIri(ref cursor, out string? datatype);
            if (error is not null)
            {
                return error;
            }

            term = new RdfTerm(RdfTermKind.Literal, text.ToString(), datatype: datatype);
            return null;
        }

        term = new RdfTerm(RdfTermKind.Literal, text.ToString());
        return null;
    }

    private static string? ReadUnicodeEscape(ref Cursor cursor, StringBuilder text, bool allowCharacterEscapes)
    {
        int column = cursor.Column - 1;
        char kind = cursor.Peek;
        cursor.Advance();
        int digits = kind switch { 'u' => 4, 'U' => 8, _ => 0 };
        if (digits == 0)
        {
            char? escaped = allowCharacterEscapes
                ? kind switch
                {
                    't' => '\t',
                    'b' => '\b',
                    'n' => '\n',
                    'r' => '\r',
                    'f' => '\f',
                    '"' => '"',
                    '\'' => '\'',
                    '\\' => '\\',
                    _ => null,
                }
                : null;
            if (escaped is null)
            {
                return $"invalid escape at column {column}";
            }

            text.Append(escaped.Value);
            return null;
        }

        int hexStart = cursor.Position;
        for (int i = 0; i < digits; i++)
        {
            if (!char.IsAsciiHexDigit(cursor.Peek))
            {
                return $"invalid \\{kind} escape at column {column}";
            }

            cursor.Advance();
        }

        // Eight hex digits can exceed int.MaxValue (\UFFFFFFFF): read them unsigned, then ask Rune whether it is a scalar value.
        uint codePoint = uint.Parse(cursor.Slice(hexStart), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        if (!Rune.IsValid(codePoint))
        {
            return $"escape at column {column} is not a Unicode scalar value";
        }

        text.Append(new Rune(codePoint).ToString());
        return null;
    }

    private struct Cursor(string text)
    {
        public int Position { get; private set; }

        public readonly bool AtEnd => Position >= text.Length;

        public readonly char Peek => Position < text.Length ? text[Position] : '\0';

        /// <summary>1-based, for messages.</summary>
        public readonly int Column => Position + 1;

        public void Advance() => Position++;

        public void Back() => Position--;

        public readonly string Slice(int start) => text[start..Position];

        public void SkipWhitespace()
        {
            while (Position < text.Length && text[Position] is ' ' or '\t' or '\r' or '\n')
            {
                Position++;
            }
        }
    }
}
