using VideoPipeline.Tests.MediaEngine;

namespace VideoPipeline.Tests.Infrastructure;

/// <summary>Files the specs make with ffmpeg (lavfi sources) once per machine, into a cache folder; concurrent callers wait for one maker.</summary>
public sealed class GeneratedFiles(string folderName)
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), folderName);
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The file <paramref name="name"/>, made by <c>ffmpeg -y -v error {arguments} {file}</c> unless it already exists.</summary>
    public async Task<string> MakeAsync(string name, string arguments)
    {
        var path = Path.Combine(_folder, name);
        await _gate.WaitAsync();
        try
        {
            if (!File.Exists(path))
            {
                Directory.CreateDirectory(_folder);
                var partial = Path.Combine(_folder, "partial-" + name);
                await Ffmpeg.RunAsync($"-y -v error {arguments} \"{partial}\"");
                File.Move(partial, path, overwrite: true);
            }

            return path;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Writes <paramref name="content"/> as <paramref name="name"/> (each call anew: such files are cheap and may vary).</summary>
    public async Task<string> WriteAsync(string name, byte[] content)
    {
        Directory.CreateDirectory(_folder);
        var path = Path.Combine(_folder, name);
        await File.WriteAllBytesAsync(path, content);
        return path;
    }
}
