namespace SearchSync.Search;

/// <summary>Elasticsearch did not take a bulk request, or refused items for reasons other than a newer version.</summary>
public sealed class SearchSyncException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SearchSyncException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SearchSyncException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public SearchSyncException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
