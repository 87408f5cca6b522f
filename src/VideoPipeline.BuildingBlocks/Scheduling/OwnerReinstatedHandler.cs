using Marten;
using VideoPipeline.Contracts;

namespace VideoPipeline.BuildingBlocks.Scheduling;

/// <summary>
/// A suspended owner's jobs wait in the turns (the <see cref="FairChoice"/> passes them over); once it is reinstated,
/// every node's dispatcher is woken, so they are offered at once rather than at the next renewal.
/// </summary>
public static class OwnerReinstatedHandler
{
    public static void Handle(OwnerReinstated message, IDocumentSession session, FairTurns turns) => turns.Wake(session);
}
