using System.Security.Claims;

namespace VideoPipeline.Modules.Usage;

/// <summary>Whose usage a caller reads: its own; an admin key any owner's (<c>?owner=</c>), or every owner's without it.</summary>
internal static class UsageAccess
{
    public static Answer OtherOwnersRefused { get; } = Answer.Forbidden("Only an admin key reads another owner's usage.", "Leave 'owner' out to read your own.");

    /// <summary>The one owner the caller asked about and may read, or null when it may not.</summary>
    public static string? OwnerFor(ClaimsPrincipal user, string? owner) =>
        string.IsNullOrEmpty(owner) || owner == user.OwnerId() ? user.OwnerId()
        : user.IsAdmin() ? owner
        : null;
}
