using Neptune.Streams.Lambda.ChangeRecords;
using Neptune.Streams.Lambda.GraphEvents;

namespace Neptune.Streams.Lambda.Tests.ChangeRecords;

public sealed class NQuadsParserTests
{
    private static RdfStatement Parse(string text)
    {
        Assert.True(NQuadsParser.TryParseStatement(text, out var statement, out string? error), error);
        return statement;
    }

    [Fact]
    public void IriTriple_WithTrailingLineBreak()
    {
        var s = Parse("<http://a/s> <http://a/p> <http://a/o> .\n");

        Assert.Equal((RdfTermKind.Iri, "http://a/s"), (s.Subject.Kind, s.Subject.Value));
        Assert.Equal("http://a/o", s.Object.Value);
        Assert.Null(s.Graph);
    }

    [Fact]
    public void Quad_HasItsGraph()
    {
        Assert.Equal("http://g", Parse("<http://s> <http://p> \"o\" <http://g> .").Graph!.Value);
    }

    [Fact]
    public void BlankNodes_AsSubjectObjectAndGraph()
    {
        var s = Parse("_:b0 <http://p> _:b1.x _:g1 .");

        Assert.Equal((RdfTermKind.BlankNode, "b0"), (s.Subject.Kind, s.Subject.Value));
        Assert.Equal("b1.x", s.Object.Value);
        Assert.Equal((RdfTermKind.BlankNode, "g1"), (s.Graph!.Kind, s.Graph.Value));
    }

    [Fact]
    public void BlankNodeFollowedDirectlyByDot_EndsTheStatement()
    {
        Assert.Equal("b1", Parse("<http://s> <http://p> _:b1.").Object.Value);
    }

    [Fact]
    public void Literal_WithDatatype()
    {
        var o = Parse("<http://s> <http://p> \"34\"^^<http://www.w3.org/2001/XMLSchema#integer> .").Object;

        Assert.Equal((RdfTermKind.Literal, "34", "http://www.w3.org/2001/XMLSchema#integer"), (o.Kind, o.Value, o.Datatype));
    }

    [Fact]
    public void Literal_WithLanguageTag()
    {
        var o = Parse("<http://s> <http://p> \"Alice Smith\"@en-GB .").Object;

        Assert.Equal(("Alice Smith", "en-GB", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"), (o.Value, o.Language, o.Datatype));
    }

    [Fact]
    public void PlainLiteral_IsXsdString()
    {
        Assert.Equal("http://www.w3.org/2001/XMLSchema#string", Parse("<http://s> <http://p> \"x\" .").Object.Datatype);
    }

    [Fact]
    public void Escapes_AreResolved()
    {
        var o = Parse("<http://s> <http://p> \"a\\\"b\\\\c\\nd\\te\\u00E9\\U0001F600\" .").Object;

        Assert.Equal("a\"b\\c\nd\te\u00E9\U0001F600", o.Value);
    }

    [Fact]
    public void IriEscapes_AreResolved()
    {
        Assert.Equal("http://x/\u00E9", Parse("<http://x/\\u00E9> <http://p> <http://o> .").Subject.Value);
    }

    [Fact]
    public void TrailingComment_IsAllowed()
    {
        Assert.Equal("http://o", Parse("<http://s> <http://p> <http://o> . # note").Object.Value);
    }

    [Fact]
    public void ToString_RoundTrips()
    {
        const string text = "<http://s> <http://p> \"a\\\"b\"@en <http://g> .";

        Assert.Equal(text, Parse(text).ToString());
    }

    [Theory]
    [InlineData("<http://s> <http://p> <http://o>", "expected '.'")]
    [InlineData("\"lit\" <http://p> <http://o> .", "subject is a literal")]
    [InlineData("<http://s> _:p <http://o> .", "predicate is not an IRI")]
    [InlineData("<http://s> <http://p> \"open .", "not closed")]
    [InlineData("<http://s <http://p> <http://o> .", "forbidden character")]
    [InlineData("<http://s> <http://p> \"x\"@ .", "language tag")]
    [InlineData("<http://s> <http://p> \"x\\q\" .", "invalid escape")]
    [InlineData("<http://s> <http://p> \"\\uD800\" .", "not a Unicode scalar")]
    [InlineData("<http://s> <http://p> <http://o> . extra", "unexpected text")]
    [InlineData("<http://s> <http://p> \"x\" \"g\" .", "expected '.'")]
    [InlineData("", "missing term")]
    public void Malformed_IsRejectedWithWhere(string text, string reason)
    {
        Assert.False(NQuadsParser.TryParseStatement(text, out var statement, out string? error));
        Assert.Null(statement);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://example.org/Tom", RdfTermKind.Iri, "http://example.org/Tom")]
    [InlineData("<http://example.org/Tom>", RdfTermKind.Iri, "http://example.org/Tom")]
    [InlineData("\"Tom\"", RdfTermKind.Literal, "Tom")]
    [InlineData("_:n1", RdfTermKind.BlankNode, "n1")]
    public void LenientTerms_OfTheSimplifiedSparqlForm(string text, RdfTermKind kind, string value)
    {
        Assert.True(NQuadsParser.TryParseLenientTerm(text, out var term, out string? error), error);
        Assert.Equal((kind, value), (term.Kind, term.Value));
    }

    [Theory]
    [InlineData("<http://s> <http://p> \"\\UFFFFFFFF\" .")]
    [InlineData("<http://s> <http://p> \"\\U80000000\" .")]
    [InlineData("<http://s\\UFFFFFFFF> <http://p> \"o\" .")]
    public void EscapeOfANegativeCodePoint_IsAnErrorNotACrash(string text)
    {
        Assert.False(NQuadsParser.TryParseStatement(text, out var statement, out string? error));

        Assert.Null(statement);
        Assert.Contains("not a Unicode scalar value", error, StringComparison.Ordinal);
    }

    [Fact]
    public void LenientTerm_WithANegativeCodePointEscape_IsAnError()
    {
        Assert.False(NQuadsParser.TryParseLenientTerm("\"\\UFFFFFFFF\"", out var term, out string? error));
        Assert.Null(term);
        Assert.Contains("not a Unicode scalar value", error, StringComparison.Ordinal);
    }
}
