using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Catalog;

/// <summary>
/// Numbered pages reach only so deep (<c>VideoPipeline:Catalog:MaxNumberedVideos</c>, 4 on this host): a deeper page is
/// refused with the cursor that continues right after the last numbered page, so a client pages on at the same cost.
/// </summary>
[Collection(StrictUploadsCollection.Name)]
public sealed class PagingBeyondTheNumbers(StrictUploadsApp app) : HostSpec<StrictUploadsApp>(app)
{
    [Fact]
    public async Task a_page_beyond_the_numbered_ones_points_to_the_cursor_that_continues_after_the_last_of_them()
    {
        var newestFirst = new List<Guid>();
        for (var i = 0; i < 7; i++)
        {
            newestFirst.Insert(0, (await Api.RequestUploadAsync()).VideoId);
        }

        var lastNumbered = await Api.GetAsync<VideoPageDto>("/videos?pageSize=2&page=2");
        var refused = await Api.GetAsync<DeepPageProblem>("/videos?pageSize=2&page=3", expectedStatus: 400);
        var farther = await Api.GetAsync<DeepPageProblem>("/videos?pageSize=2&page=40", expectedStatus: 400);

        lastNumbered.Items.Select(v => v.Id).ShouldBe(newestFirst[2..4]);
        refused.LastNumberedPage.ShouldBe(2);
        refused.Detail.ShouldNotBeNull().ShouldContain("numbered pages end at page 2");
        farther.ShouldBe(refused, "however deep the page asked for, the pointer is the same");
        var continued = await Api.GetAsync<VideoPageDto>($"/videos?pageSize=2&cursor={refused.Cursor.ShouldNotBeNull()}");
        continued.Items.Select(v => v.Id).ShouldBe(newestFirst[4..6]);
    }

    [Fact]
    public async Task a_page_beyond_the_numbered_ones_of_a_short_list_says_the_list_ends_before()
    {
        await Api.RequestUploadAsync();

        var refused = await Api.GetAsync<DeepPageProblem>("/videos?pageSize=3&page=3", expectedStatus: 400);

        refused.LastNumberedPage.ShouldBe(2, "at pageSize 3 the first 4 videos are on pages 1 and 2");
        refused.Cursor.ShouldBeNull();
        refused.Detail.ShouldNotBeNull().ShouldContain("the list ends before that page");
    }

    private sealed record DeepPageProblem(string Title, int Status, string? Detail, int LastNumberedPage, string? Cursor);
}
