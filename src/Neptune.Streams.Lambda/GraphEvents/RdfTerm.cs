using System.Text;

namespace Neptune.Streams.Lambda.GraphEvents;

/// <summary>One term of an RDF statement: an IRI, a blank node or a literal (with its escapes already resolved).</summary>
public sealed record RdfTerm
{
    private const string XsdString = "http://www.w3.org/2001/XMLSchema#string";
    private const string RdfLangString = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString";

    /// <summary>Creates a term.</summary>
    public RdfTerm(RdfTermKind kind, string value, string? datatype = null, string? language = null)
    {
        Kind = kind;
        Value = value;
        Language = language;
        Datatype = kind != RdfTermKind.Literal ? null : datatype ?? (language is null ? XsdString : RdfLangString);
    }

    /// <summary>IRI, blank node or literal.</summary>
    public RdfTermKind Kind { get; }

    /// <summary>The IRI, the blank node's label (without <c>_:</c>) or the literal's lexical form.</summary>
    public string Value { get; }

    /// <summary>A literal's datatype IRI (<c>xsd:string</c> or <c>rdf:langString</c> when none was written); null otherwise.</summary>
    public string? Datatype { get; }

    /// <summary>A literal's language tag, or null.</summary>
    public string? Language { get; }

    /// <summary>The term in N-Triples syntax.</summary>
    public override string ToString()
    {
        switch (Kind)
        {
            case RdfTermKind.Iri:
                return $"<{Value}>";
            case RdfTermKind.BlankNode:
                return $"_:{Value}";
            default:
                var text = new StringBuilder(Value.Length + 2).Append('"');
                foreach (char c in Value)
                {
                    text.Append(c switch
                    {
                        '"' => "\\\"",
                        '\\' => "\\\\",
                        '\n' => "\\n",
                        '\r' => "\\r",
                        '\t' => "\\t",
                        _ => c.ToString(),
                    });
                }

                text.Append('"');
                if (Language is not null)
                {
                    text.Append('@').Append(Language);
                }
                else if (Datatype != XsdString)
                {
                    text.Append("^^<").Append(Datatype).Append('>');
                }

                return text.ToString();
        }
    }
}
