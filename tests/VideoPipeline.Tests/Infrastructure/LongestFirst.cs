using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace VideoPipeline.Tests.Infrastructure;

/// <summary>
/// About how many seconds the specs of a collection take together (on its definition, or on a spec class that is its own
/// collection), as the <c>[N s]</c> prints of a CI run sum them. Only the order matters: see <see cref="LongestFirst"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class TakesAboutAttribute(int seconds) : Attribute
{
    public int Seconds { get; } = seconds;
}

/// <summary>
/// Starts the longest collections first. xUnit runs <c>MaxParallelThreads</c> collections at a time, each to its end, in
/// this order; by default the order is a hash of their names, which once left the longest collection to start last and
/// run alone for minutes while the other thread had nothing left. Longest first, the short ones fill in around the long
/// ones and both threads end together. Collections without <see cref="TakesAboutAttribute"/> follow in xUnit's order.
/// Named by the in-process specs' assembly (Ordering.cs), not by this shared folder, which the cluster specs compile too.
/// </summary>
public sealed class LongestFirst : ITestCollectionOrderer
{
    private const string PerClassPrefix = "Test collection for ";

    private readonly DefaultTestCollectionOrderer _default = new();

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        _default.OrderTestCollections(testCollections).OrderByDescending(SecondsOf).ToList();

    private static int SecondsOf(ITestCollection collection)
    {
        var type = (collection.CollectionDefinition as IReflectionTypeInfo)?.Type
            ?? (collection.DisplayName.StartsWith(PerClassPrefix, StringComparison.Ordinal)
                ? typeof(LongestFirst).Assembly.GetType(collection.DisplayName[PerClassPrefix.Length..])
                : null);
        return type?.GetCustomAttribute<TakesAboutAttribute>()?.Seconds ?? 0;
    }
}
