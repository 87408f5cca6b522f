namespace VideoPipeline.MediaEngine;

/// <summary>The last few diagnostic lines ffmpeg wrote, without its progress lines, for error messages.</summary>
internal sealed class StderrTail(int capacity)
{
    private readonly Queue<string> _lines = new(capacity);
    private readonly Lock _gate = new();

    public void Add(string line)
    {
        if (string.IsNullOrWhiteSpace(line) || IsProgressLine(line))
        {
            return;
        }

        lock (_gate)
        {
            if (_lines.Count == capacity)
            {
                _lines.Dequeue();
            }

            _lines.Enqueue(line.Trim());
        }
    }

    public IReadOnlyList<string> Lines()
    {
        lock (_gate)
        {
            return [.. _lines];
        }
    }

    private static bool IsProgressLine(string line)
    {
        var trimmed = line.TrimStart();
        return trimmed.StartsWith("frame=", StringComparison.Ordinal) || trimmed.StartsWith("size=", StringComparison.Ordinal);
    }
}
