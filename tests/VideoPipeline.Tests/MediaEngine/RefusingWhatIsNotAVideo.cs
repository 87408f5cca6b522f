using System.Diagnostics;
using VideoPipeline.MediaEngine;

namespace VideoPipeline.Tests.MediaEngine;

public sealed class RefusingWhatIsNotAVideo
{
    private static readonly TimeSpan Quickly = TimeSpan.FromSeconds(5);

    private static async Task<string> RefusalOf(Func<Task<string>> clip)
    {
        var path = await clip();
        var clock = Stopwatch.StartNew();
        var refusal = await Should.ThrowAsync<MediaRefusedException>(() => TestOptions.ProbeAsync(path));
        clock.Elapsed.ShouldBeLessThan(Quickly);
        refusal.Reason.ShouldNotBeNullOrWhiteSpace();
        refusal.Reason.ShouldNotContain(Path.GetDirectoryName(path)!, Case.Sensitive, "the reason is for the owner, not a temp path");
        return refusal.Reason;
    }

    [Fact]
    public async Task random_bytes_are_not_a_video() =>
        (await RefusalOf(MediaClips.RandomBytes)).ShouldContain("Invalid data found when processing input");

    [Fact]
    public async Task a_text_file_is_not_a_video() =>
        (await RefusalOf(MediaClips.TextFile)).ShouldContain("Invalid data found when processing input");

    [Fact]
    public async Task an_audio_only_file_is_not_a_video() =>
        (await RefusalOf(MediaClips.AudioOnly)).ShouldContain("no video stream, only audio (aac)");

    [Fact]
    public async Task cover_art_does_not_make_music_a_video() =>
        (await RefusalOf(MediaClips.AudioWithCoverArt)).ShouldContain("no video stream");

    [Fact]
    public async Task a_truncated_mp4_whose_index_survived_is_caught_by_reading_its_end() =>
        (await RefusalOf(MediaClips.TruncatedFastStart)).ShouldContain("ends early");

    [Fact]
    public async Task a_truncated_mp4_that_lost_its_index_is_not_a_video() =>
        (await RefusalOf(MediaClips.TruncatedIndexAtEnd)).ShouldContain("moov atom not found");

    [Fact]
    public async Task an_empty_file_is_not_a_video()
    {
        var path = Path.Combine(Path.GetTempPath(), $"empty-{Guid.NewGuid():N}.mp4");
        await File.WriteAllBytesAsync(path, []);
        try
        {
            (await RefusalOf(() => Task.FromResult(path))).ShouldContain("empty");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
