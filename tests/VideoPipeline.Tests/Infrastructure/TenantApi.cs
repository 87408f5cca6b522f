using Alba;

namespace VideoPipeline.Tests.Infrastructure;

public sealed record KeyDto(
    Guid Id, string Name, List<string> Scopes, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt = null, string? Key = null);

public sealed record OwnerDto(string Id, string? Name, string Status, Dictionary<string, long> Limits, DateTimeOffset CreatedAt, DateTimeOffset? SuspendedAt);

/// <summary>What an owner does with its keys, and an admin with owners, in the words of the contract.</summary>
public sealed class TenantApi(VideoApi api)
{
    public async Task<KeyDto> CreateKeyAsync(string name = "a key", string[]? scopes = null, DateTimeOffset? expiresAt = null, string key = VideoApi.DevKey) =>
        (await (await api.PostJsonAsync("/keys", new { name, scopes, expiresAt }, 201, key)).ReadAsJsonAsync<KeyDto>())!;

    public async Task<OwnerDto> CreateOwnerAsync(string id, string? name = null, Dictionary<string, long>? limits = null) =>
        (await (await api.PostJsonAsync("/admin/owners", new { id, name, limits }, 201, VideoApi.AdminKey)).ReadAsJsonAsync<OwnerDto>())!;

    public async Task<KeyDto> CreateKeyForAsync(string owner, string name = "first key", string[]? scopes = null) =>
        (await (await api.PostJsonAsync($"/admin/owners/{owner}/keys", new { name, scopes }, 201, VideoApi.AdminKey)).ReadAsJsonAsync<KeyDto>())!;

    public async Task<OwnerDto> ChangeOwnerAsync(string id, object changes) =>
        (await (await api.PatchJsonAsync($"/admin/owners/{id}", changes, 200, VideoApi.AdminKey)).ReadAsJsonAsync<OwnerDto>())!;

    public Task<OwnerDto> SuspendAsync(string id) => ChangeOwnerAsync(id, new { status = "suspended" });

    public Task<OwnerDto> ReinstateAsync(string id) => ChangeOwnerAsync(id, new { status = "active" });

    public Task<List<KeyDto>> KeysAsync(string key = VideoApi.DevKey) => api.GetAsync<List<KeyDto>>("/keys", key);
}
