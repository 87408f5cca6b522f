using Microsoft.Extensions.Options;
using VideoPipeline.Modules.Analytics;
using VideoPipeline.Modules.Analytics.RecordingBeacons;
using VideoPipeline.Modules.Analytics.Storage;

namespace VideoPipeline.Tests.Analytics.Deciding;

/// <summary>What a beacon becomes: each event a row of the day it arrived, the viewer only on the view's start, coverage as bits.</summary>
public sealed class ReadingBeacons
{
    private static readonly Guid Video = Guid.NewGuid();
    private static readonly DateTimeOffset Arrived = new(2026, 12, 7, 23, 59, 59, TimeSpan.Zero);

    [Fact]
    public void each_event_becomes_a_row_of_the_day_it_arrived_and_only_the_start_names_the_viewer()
    {
        var view = Guid.NewGuid();
        var beacon = new Beacon(view, [
            new ReportedEvent(0, "view", 0, null, 0, null, null, null),
            new ReportedEvent(1, "played", 900, 800, 800, "720p", null, Beacons.Coverage(3)),
            new ReportedEvent(2, "error", 950, null, null, null, "networkError", null),
        ]);

        var rows = BeaconEvents.Of(Video, beacon, Arrived, [1, 2, 3], "chrome/linux/desktop");

        rows.Select(r => (r.Kind, r.Seq, r.Day, r.ViewId, r.Detail, r.ValueMs)).ShouldBe([
            (BeaconKind.View, 0, new DateOnly(2026, 12, 7), view, null, null),
            (BeaconKind.Played, 1, new DateOnly(2026, 12, 7), view, "720p", 800),
            (BeaconKind.Error, 2, new DateOnly(2026, 12, 7), view, "networkError", null),
        ]);
        rows[0].Viewer.ShouldBe(new byte[] { 1, 2, 3 });
        rows[0].Client.ShouldBe("chrome/linux/desktop");
        rows.Skip(1).ShouldAllBe(r => r.Viewer == null && r.Client == null);
        var coverage = rows[1].Coverage.ShouldNotBeNull();
        Enumerable.Range(0, 100).Where(p => coverage[p]).ShouldBe([0, 1, 2]);
    }

    [Theory]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36", "chrome/linux/desktop")]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1", "safari/ios/mobile")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0", "edge/windows/desktop")]
    [InlineData("Mozilla/5.0 (Linux; Android 14; SM-X910) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36", "chrome/android/tablet")]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 14.1; rv:132.0) Gecko/20100101 Firefox/132.0", "firefox/macos/desktop")]
    [InlineData(null, "other/other/desktop")]
    public void a_user_agent_is_kept_only_as_its_browser_system_and_kind_of_device(string? userAgent, string expected) =>
        ClientClass.Of(userAgent).ShouldBe(expected);

    [Fact]
    public void a_beacon_names_each_event_it_refuses_and_why()
    {
        var validator = new Beacon.Validator(Options.Create(new AnalyticsOptions { MaxEventsPerBeacon = 2 }));

        validator.Validate(new Beacon(Guid.NewGuid(), [new ReportedEvent(0, "view", 0, null, null, null, null, null)])).IsValid.ShouldBeTrue();
        Failures(validator, new Beacon(Guid.Empty, [])).ShouldBe(["ViewId", "Events"], ignoreOrder: true);
        Failures(validator, new Beacon(Guid.NewGuid(), null)).ShouldBe(["Events"]);
        Failures(validator, new Beacon(Guid.NewGuid(), [null!])).ShouldBe(["events[0]"]);
        Failures(validator, new Beacon(Guid.NewGuid(), [.. Enumerable.Repeat(new ReportedEvent(0, "view", 0, null, null, null, null, null), 3)])).ShouldBe(["Events"]);
        Failures(validator, new Beacon(Guid.NewGuid(), [
            new ReportedEvent(-1, "dance", 0, null, null, null, null, null),
            new ReportedEvent(0, "stall", 0, null, null, "720p<script>", "x y", "zz"),
        ])).ShouldBe(["events[0].Seq", "events[0].Type", "events[1].Ms", "events[1].Rendition", "events[1].Code", "events[1].Coverage"], ignoreOrder: true);
    }

    private static IEnumerable<string> Failures(Beacon.Validator validator, Beacon beacon) =>
        validator.Validate(beacon).Errors.Select(e => e.PropertyName).Distinct();
}
