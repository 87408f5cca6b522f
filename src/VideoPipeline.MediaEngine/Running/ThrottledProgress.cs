namespace VideoPipeline.MediaEngine;

/// <summary>Passes on at most one percentage per interval, so a progress sink that writes events is not flooded.</summary>
internal sealed class ThrottledProgress(IProgress<double>? inner, TimeSpan interval)
{
    private readonly Lock _gate = new();
    private long _lastReportAt = long.MinValue;
    private double _lastPercent = -1;

    public void Report(double percent)
    {
        if (inner is null)
        {
            return;
        }

        percent = Math.Clamp(Math.Round(percent, 1), 0, 100);
        lock (_gate)
        {
            var now = Environment.TickCount64;
            if (percent <= _lastPercent || (_lastReportAt != long.MinValue && now - _lastReportAt < interval.TotalMilliseconds))
            {
                return;
            }

            _lastReportAt = now;
            _lastPercent = percent;
        }

        inner.Report(percent);
    }

    /// <summary>Reports 100 regardless of the interval.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            if (_lastPercent >= 100)
            {
                return;
            }

            _lastPercent = 100;
        }

        inner?.Report(100);
    }
}
