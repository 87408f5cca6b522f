using System.Text.Json;
using Npgsql;

namespace VideoPipeline.Modules.Analytics.Storage;

/// <summary>How <see cref="DayFigures"/> are kept in <c>analytics.video_day_figures</c>: one row per video and day.</summary>
internal static class StoredDayFigures
{
    /// <summary>The figures' columns, in the order <see cref="Read"/> reads them.</summary>
    public const string Columns = "views, playing_ms, stall_ms, stalls, error_views, covered_views, covered_percents, retention, startup, rendition_ms";

    /// <summary>The figures in <see cref="Columns"/>, from the reader's column <paramref name="first"/> on.</summary>
    public static DayFigures Read(NpgsqlDataReader reader, int first) =>
        DayFigures.Of(
            reader.GetInt64(first), reader.GetInt64(first + 1), reader.GetInt64(first + 2), reader.GetInt64(first + 3), reader.GetInt64(first + 4),
            reader.GetInt64(first + 5), reader.GetInt64(first + 6), reader.GetFieldValue<int[]>(first + 7), reader.GetFieldValue<int[]>(first + 8),
            RenditionMs(reader.GetString(first + 9)));

    /// <summary>Milliseconds per rendition, as a JSON object (how views and days keep them).</summary>
    public static IReadOnlyDictionary<string, long> RenditionMs(string json) => JsonSerializer.Deserialize<Dictionary<string, long>>(json)!;

    public static string RenditionMs(IReadOnlyDictionary<string, long> renditionMs) => JsonSerializer.Serialize(renditionMs);
}
