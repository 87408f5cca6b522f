using System.Buffers.Binary;
using System.Text;

namespace VideoPipeline.MediaEngine;

/// <summary>What a rendition's CMAF header says about it.</summary>
/// <param name="Codecs">RFC 6381: <c>avc1.PPCCLL</c> from the <c>avcC</c> record, or <c>mp4a.40.2</c> (AAC-LC, what the ladder encodes).</param>
internal sealed record CmafHeader(string Codecs, int Width, int Height, bool IsVideo);

/// <summary>
/// Top-level box surgery on the service's own CMAF files: joining several fragments into one segment, flattening a
/// header and its segments into one fragmented MP4, and reading the header's sample description. Boxes are copied as
/// they are, never rewritten.
/// </summary>
internal static class CmafFiles
{
    private static readonly HashSet<string> Containers = new(StringComparer.Ordinal) { "moov", "trak", "mdia", "minf", "stbl" };

    /// <summary>
    /// One segment made of several fragments: the first fragment's <c>styp</c>, then every fragment's <c>moof</c> and
    /// <c>mdat</c>. Each fragment's <c>sidx</c> indexes that fragment alone, so none is kept.
    /// </summary>
    public static async Task JoinAsync(IReadOnlyList<string> fragments, string outputPath, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(fragments);
        await using var output = File.Create(outputPath);
        for (var i = 0; i < fragments.Count; i++)
        {
            var first = i == 0;
            await CopyBoxesAsync(fragments[i], output, type => type is "moof" or "mdat" || (first && type == "styp"), ct).ConfigureAwait(false);
        }
    }

    /// <summary>A header and its segments as one fragmented MP4 that any MP4 reader takes: <c>ftyp moov (moof mdat)*</c>.</summary>
    public static async Task FlattenAsync(string header, IReadOnlyList<string> segments, string outputPath, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(segments);
        await using var output = File.Create(outputPath);
        await CopyBoxesAsync(header, output, type => type is "ftyp" or "moov", ct).ConfigureAwait(false);
        foreach (var segment in segments)
        {
            await CopyBoxesAsync(segment, output, type => type is "moof" or "mdat", ct).ConfigureAwait(false);
        }
    }

    /// <summary>Reads the first sample description of a CMAF header (<c>moov/trak/mdia/minf/stbl/stsd</c>).</summary>
    public static CmafHeader ReadHeader(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var entry = FindSampleEntry(bytes, 0, bytes.Length)
            ?? throw new InvalidDataException($"{Path.GetFileName(path)} has no sample description.");
        var (type, start, end) = entry;
        if (type == "mp4a")
        {
            return new CmafHeader("mp4a.40.2", 0, 0, IsVideo: false);
        }

        if (type != "avc1")
        {
            throw new InvalidDataException($"{Path.GetFileName(path)} holds '{type}', not H.264 or AAC.");
        }

        // VisualSampleEntry: 6 reserved, 2 data_reference_index, 16 pre-defined/reserved, then width and height; 78 bytes in all.
        var width = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(start + 24));
        var height = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(start + 26));
        foreach (var (child, childStart, _) in Boxes(bytes, start + 78, end))
        {
            if (child == "avcC")
            {
                // configurationVersion, AVCProfileIndication, profile_compatibility, AVCLevelIndication
                return new CmafHeader($"avc1.{bytes[childStart + 1]:x2}{bytes[childStart + 2]:x2}{bytes[childStart + 3]:x2}", width, height, IsVideo: true);
            }
        }

        throw new InvalidDataException($"{Path.GetFileName(path)} has no avcC record.");
    }

    private static (string Type, int Start, int End)? FindSampleEntry(byte[] bytes, int start, int end)
    {
        foreach (var (type, bodyStart, bodyEnd) in Boxes(bytes, start, end))
        {
            if (type == "stsd")
            {
                // version/flags and entry_count, then the entries
                foreach (var entry in Boxes(bytes, bodyStart + 8, bodyEnd))
                {
                    return entry;
                }

                return null;
            }

            if (Containers.Contains(type) && FindSampleEntry(bytes, bodyStart, bodyEnd) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static IEnumerable<(string Type, int BodyStart, int BodyEnd)> Boxes(byte[] bytes, int start, int end)
    {
        var offset = start;
        while (offset + 8 <= end)
        {
            var size = (long)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(offset));
            var type = Encoding.ASCII.GetString(bytes, offset + 4, 4);
            var header = 8;
            if (size == 1)
            {
                size = (long)BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(offset + 8));
                header = 16;
            }
            else if (size == 0)
            {
                size = end - offset;
            }

            if (size < header || offset + size > end)
            {
                yield break;
            }

            yield return (type, offset + header, (int)(offset + size));
            offset += (int)size;
        }
    }

    private static async Task CopyBoxesAsync(string path, Stream output, Func<string, bool> keep, CancellationToken ct)
    {
        await using var input = File.OpenRead(path);
        var header = new byte[16];
        while (input.Position < input.Length)
        {
            var start = input.Position;
            await input.ReadExactlyAsync(header.AsMemory(0, 8), ct).ConfigureAwait(false);
            var size = (long)BinaryPrimitives.ReadUInt32BigEndian(header);
            var type = Encoding.ASCII.GetString(header, 4, 4);
            if (size == 1)
            {
                await input.ReadExactlyAsync(header.AsMemory(8, 8), ct).ConfigureAwait(false);
                size = (long)BinaryPrimitives.ReadUInt64BigEndian(header.AsSpan(8));
            }
            else if (size == 0)
            {
                size = input.Length - start;
            }

            if (size < 8 || start + size > input.Length)
            {
                throw new InvalidDataException($"{Path.GetFileName(path)} has a malformed '{type}' box at byte {start}.");
            }

            input.Position = start;
            if (keep(type))
            {
                await CopyAsync(input, output, size, ct).ConfigureAwait(false);
            }

            input.Position = start + size;
        }
    }

    private static async Task CopyAsync(Stream input, Stream output, long count, CancellationToken ct)
    {
        var buffer = new byte[81920];
        while (count > 0)
        {
            var read = await input.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count)), ct).ConfigureAwait(false);
            if (read == 0)
            {
                throw new EndOfStreamException();
            }

            await output.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
            count -= read;
        }
    }
}
