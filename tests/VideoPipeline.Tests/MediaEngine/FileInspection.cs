using System.Buffers.Binary;
using System.Text;

namespace VideoPipeline.Tests.MediaEngine;

/// <summary>Looks at output bytes and at the process table, where ffprobe cannot.</summary>
public static class FileInspection
{
    /// <summary>The types of an MP4's top-level boxes, in file order ("ftyp", "moov", "mdat", ...).</summary>
    public static IReadOnlyList<string> TopLevelAtoms(string path)
    {
        using var file = File.OpenRead(path);
        var atoms = new List<string>();
        Span<byte> header = stackalloc byte[16];
        while (file.Position + 8 <= file.Length)
        {
            var start = file.Position;
            file.ReadExactly(header[..8]);
            long size = BinaryPrimitives.ReadUInt32BigEndian(header);
            atoms.Add(Encoding.ASCII.GetString(header[4..8]));
            if (size == 1)
            {
                file.ReadExactly(header[8..16]);
                size = (long)BinaryPrimitives.ReadUInt64BigEndian(header[8..16]);
            }
            else if (size == 0)
            {
                break;
            }

            file.Position = start + size;
        }

        return atoms;
    }

    /// <summary>Whether the index (moov) precedes the media data (mdat): what <c>+faststart</c> guarantees.</summary>
    public static bool IndexComesFirst(string path)
    {
        var atoms = TopLevelAtoms(path).ToList();
        return atoms.Contains("moov") && atoms.Contains("mdat") && atoms.IndexOf("moov") < atoms.IndexOf("mdat");
    }

    public static bool IsJpeg(string path)
    {
        var bytes = File.ReadAllBytes(path);
        return bytes.Length > 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF;
    }

    /// <summary>Live ffmpeg processes whose command line mentions <paramref name="marker"/> (a test's private folder).</summary>
    public static IReadOnlyList<int> FfmpegProcessesMentioning(string marker)
    {
        var found = new List<int>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid))
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(folder, "cmdline")).Split('\0');
                var state = File.ReadAllText(Path.Combine(folder, "stat"));
                var zombie = state[(state.LastIndexOf(')') + 2)..].StartsWith('Z');
                if (!zombie && Path.GetFileName(commandLine[0]) == "ffmpeg" && commandLine.Any(a => a.Contains(marker, StringComparison.Ordinal)))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }
}
