using Neptune.Streams.Lambda.GraphEvents;

namespace Neptune.Streams.Lambda.ChangeRecords;

/// <summary>The fields of one change record as read, in any order, before the format is known.</summary>
internal struct RecordFields
{
    public bool HasData;
    public NeptuneEventId? EventId;
    public string? Op;
    public long? CommitTimestamp;
    public bool IsLastOp;
    public string? Id;
    public string? Type;
    public string? Key;
    public PropertyValue Value;
    public string? From;
    public string? To;
    public string? Stmt;
    public List<string>? Labels;
    public List<KeyValuePair<string, PropertyValue>>? Properties;
    public string? StmtType;
    public string? S;
    public string? P;
    public string? O;

    /// <summary>" (event c:o)" when the event id is known: it names the record in errors without any property value.</summary>
    public readonly string Describe() => EventId is { } id ? $" (Neptune event {id})" : string.Empty;

    /// <summary>Builds the record, or returns why it is not a valid change record.</summary>
    public readonly string? Build(EnvelopeFields envelope, out ChangeRecord? record)
    {
        record = null;
        if (!HasData)
        {
            return "has no \"data\"";
        }

        if (EventId is null)
        {
            return "has no \"eventId\"";
        }

        if (Stmt is not null)
        {
            return BuildNQuads(out record);
        }

        if (StmtType is not null)
        {
            return BuildSparqlSimplified(out record);
        }

        if (Type is null)
        {
            return "\"data\" has neither \"type\", \"stmt\" nor \"stmtType\"";
        }

        if (string.IsNullOrEmpty(Id))
        {
            return "\"data\" has no \"id\"";
        }

        ChangeRecordType? pgType = Type switch
        {
            "vl" => ChangeRecordType.VertexLabel,
            "vp" => ChangeRecordType.VertexProperty,
            "e" => ChangeRecordType.Edge,
            "ep" => ChangeRecordType.EdgeProperty,
            _ => null,
        };
        return pgType is { } type ? BuildPgJson(type, envelope, out record) : BuildSimplified(out record);
    }

    private readonly string? ParseOp(out bool isAdd)
    {
        isAdd = false;
        if (Op is null)
        {
            return "has no \"op\"";
        }

        if (Op.Equals("ADD", StringComparison.OrdinalIgnoreCase))
        {
            isAdd = true;
            return null;
        }

        return Op.Equals("REMOVE", StringComparison.OrdinalIgnoreCase)
            ? null
            : $"has \"op\" {Quote(Op)}, neither ADD nor REMOVE";
    }

    private readonly string? BuildPgJson(ChangeRecordType type, EnvelopeFields envelope, out ChangeRecord? record)
    {
        record = null;
        string? error = ParseOp(out bool isAdd);
        if (error is not null)
        {
            return error;
        }

        bool isLabel = type is ChangeRecordType.VertexLabel or ChangeRecordType.Edge;
        if (!isLabel && string.IsNullOrEmpty(Key))
        {
            return $"{Type} record has no \"key\"";
        }

        if (isLabel && (Value.Kind == PropertyValueKind.None || string.IsNullOrEmpty(Value.Text)))
        {
            return $"{Type} record has no label in \"value\"";
        }

        record = new ChangeRecord
        {
            EventId = EventId!.Value,
            CommitTimestamp = CommitTimestamp,
            IsLastOp = IsLastOp,
            IsAdd = isAdd,
            Type = type,
            Id = Id!,
            Key = Key,
            Value = Value,
            From = From,
            To = To,
            Labels = Labels,
        };
        return null;
    }

    private readonly string? BuildSimplified(out ChangeRecord? record)
    {
        record = null;
        GraphEventKind? kind = Type switch
        {
            "ADD_VERTEX" => GraphEventKind.VertexAdded,
            "UPDATE_VERTEX" => GraphEventKind.VertexUpdated,
            "DELETE_VERTEX" => GraphEventKind.VertexDeleted,
            "ADD_EDGE" => GraphEventKind.EdgeAdded,
            "UPDATE_EDGE" => GraphEventKind.EdgeUpdated,
            "DELETE_EDGE" => GraphEventKind.EdgeDeleted,
            _ => null,
        };
        if (kind is null)
        {
            return $"has unknown \"type\" {Quote(Type!)} (expected vl, vp, e, ep or ADD_/UPDATE_/DELETE_ VERTEX/EDGE)";
        }

        record = new ChangeRecord
        {
            EventId = EventId!.Value,
            CommitTimestamp = CommitTimestamp,
            IsLastOp = true,
            IsAdd = kind is not (GraphEventKind.VertexDeleted or GraphEventKind.EdgeDeleted),
            Type = ChangeRecordType.Simplified,
            SimplifiedKind = kind.Value,
            Id = Id!,
            From = From,
            To = To,
            Labels = Labels,
            Properties = Properties,
        };
        return null;
    }

    private readonly string? BuildNQuads(out ChangeRecord? record)
    {
        record = null;
        string? error = ParseOp(out bool isAdd);
        if (error is not null)
        {
            return error;
        }

        if (!NQuadsParser.TryParseStatement(Stmt!, out RdfStatement? statement, out error))
        {
            return $"\"stmt\" is not an N-Quads statement: {error}";
        }

        record = new ChangeRecord
        {
            EventId = EventId!.Value,
            CommitTimestamp = CommitTimestamp,
            IsLastOp = IsLastOp,
            IsAdd = isAdd,
            Type = ChangeRecordType.Statement,
            Id = statement.Subject.Value,
            Statement = statement,
        };
        return null;
    }

    private readonly string? BuildSparqlSimplified(out ChangeRecord? record)
    {
        record = null;
        bool isAdd;
        if (StmtType!.Equals("ADD", StringComparison.OrdinalIgnoreCase))
        {
            isAdd = true;
        }
        else if (StmtType.Equals("REMOVE", StringComparison.OrdinalIgnoreCase) || StmtType.Equals("DELETE", StringComparison.OrdinalIgnoreCase))
        {
            isAdd = false;
        }
        else
        {
            return $"has \"stmtType\" {Quote(StmtType)}, neither ADD nor REMOVE";
        }

        if (S is null || P is null || O is null)
        {
            return "SPARQL record lacks one of \"s\", \"p\", \"o\"";
        }

        RdfTerm? predicate = null, obj = null;
        string? error = null;
        if (!NQuadsParser.TryParseLenientTerm(S, out RdfTerm? subject, out error)
            || !NQuadsParser.TryParseLenientTerm(P, out predicate, out error)
            || !NQuadsParser.TryParseLenientTerm(O, out obj, out error))
        {
            return $"SPARQL record has a malformed term: {error}";
        }

        if (subject!.Kind == RdfTermKind.Literal || predicate!.Kind != RdfTermKind.Iri)
        {
            return "SPARQL record has a literal subject or a predicate that is not an IRI";
        }

        var statement = new RdfStatement(subject, predicate, obj!, null);
        record = new ChangeRecord
        {
            EventId = EventId!.Value,
            CommitTimestamp = CommitTimestamp,
            IsLastOp = true,
            IsAdd = isAdd,
            Type = ChangeRecordType.Statement,
            Id = subject.Value,
            Statement = statement,
        };
        return null;
    }

    // Type codes and op names are protocol words, not property values: quoting a short prefix helps and leaks nothing.
    private static string Quote(string text) => text.Length <= 24 ? $"'{text}'" : $"'{text[..24]}…'";
}
