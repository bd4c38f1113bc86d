using System.Globalization;
using Neptune.Streams.Local.NeptuneEndpoint;

namespace Neptune.Streams.Local.Pipeline;

/// <summary>
/// Writes a small random social network into a <see cref="LocalGraph"/>, one mutation (one transaction) per call:
/// people join, follow and unfollow each other, change their profile, and leave. Seeded, so a run can be repeated.
/// </summary>
public sealed class SocialNetworkWriter
{
    private static readonly string[] FirstNames = ["Ada", "Ben", "Chloe", "Dev", "Emma", "Femi", "Gus", "Hana", "Ivan", "Jun", "Kofi", "Lea", "Mina", "Noor", "Omar", "Pia"];
    private static readonly string[] Cities = ["Berlin", "Lagos", "Lima", "Oslo", "Pune", "Seoul", "Tunis", "Quito"];
    private readonly LocalGraph _graph;
    private readonly Random _random;
    private readonly List<string> _people = [];
    private readonly List<string> _follows = [];
    private int _nextPerson;
    private int _nextEdge;

    /// <summary>Writes into <paramref name="graph"/>, with random choices from <paramref name="seed"/>.</summary>
    public SocialNetworkWriter(LocalGraph graph, int seed = 42)
    {
        ArgumentNullException.ThrowIfNull(graph);
        _graph = graph;
#pragma warning disable CA5394 // A seeded, repeatable pseudo-random sequence is the point here; nothing is secret.
        _random = new Random(seed);
#pragma warning restore CA5394
    }

    /// <summary>Makes one random change and says what kind it was (no property values).</summary>
    public string WriteOne()
    {
#pragma warning disable CA5394 // See the constructor.
        int roll = _random.Next(100);
        if (_people.Count < 4 || roll < 25)
        {
            return AddPerson();
        }

        if (roll < 50)
        {
            return Follow();
        }

        if (roll < 75)
        {
            string person = Pick(_people);
            switch (_random.Next(3))
            {
                case 0:
                    _graph.SetProperty(person, "name", Pick(FirstNames) + " " + (char)('A' + _random.Next(26)) + ".");
                    break;
                case 1:
                    _graph.SetProperty(person, "age", _random.Next(18, 90));
                    break;
                default:
                    _graph.SetProperty(person, "city", Pick(Cities));
                    break;
            }

            return "person updated";
        }

        if (roll < 82 && _follows.Count > 0)
        {
            string edge = Pick(_follows);
            _graph.SetProperty(edge, "weight", Math.Round(_random.NextDouble(), 2));
            return "follow updated";
        }

        if (roll < 88)
        {
            string person = Pick(_people);
            _graph.RemoveProperty(person, "city");
            return "person updated";
        }

        if (roll < 95 && _follows.Count > 0)
        {
            string edge = Pick(_follows);
            _graph.DropEdge(edge);
            _follows.Remove(edge);
            return "unfollowed";
        }

        string leaving = Pick(_people);
        _graph.DropVertex(leaving);
        _people.Remove(leaving);
        var remaining = new HashSet<string>(_graph.EdgeIds, StringComparer.Ordinal);
        _follows.RemoveAll(e => !remaining.Contains(e));
        return "person deleted";
#pragma warning restore CA5394
    }

    private string AddPerson()
    {
        string id = string.Create(CultureInfo.InvariantCulture, $"person-{++_nextPerson}");
#pragma warning disable CA5394 // See the constructor.
        _graph.AddVertex(id, ["person"], [new("name", Pick(FirstNames)), new("age", _random.Next(18, 90)), new("city", Pick(Cities)), new("joined", DateTimeOffset.UnixEpoch.AddDays(18_000 + _random.Next(2_000)))]);
#pragma warning restore CA5394
        _people.Add(id);
        return "person added";
    }

    private string Follow()
    {
        string from = Pick(_people);
        string to = Pick(_people);
        if (from == to)
        {
            return AddPerson();
        }

        string id = string.Create(CultureInfo.InvariantCulture, $"follows-{++_nextEdge}");
        _graph.AddEdge(id, "follows", from, to, [new("since", DateTimeOffset.UnixEpoch.AddDays(19_000))]);
        _follows.Add(id);
        return "followed";
    }

#pragma warning disable CA5394 // See the constructor.
    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];
#pragma warning restore CA5394
}
