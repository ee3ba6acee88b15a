namespace WebCrm.FunctionalTests.Infrastructure;

/// <summary>Tests that change app-wide settings run in this collection, after and apart from all others.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "Serial";
}
