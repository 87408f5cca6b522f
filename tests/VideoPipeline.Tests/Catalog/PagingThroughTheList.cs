using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Catalog;

/// <summary>
/// <c>GET /videos</c> pages by number (the contract's <c>page=</c>) or after the cursor of the previous page, which an index
/// serves however deep the page; both walk the list newest first.
/// </summary>
[Collection(EmbeddedStorageCollection.Name)]
public sealed class PagingThroughTheList(EmbeddedStorageApp app) : HostSpec<EmbeddedStorageApp>(app)
{
    [Fact]
    public async Task following_the_cursor_walks_every_video_newest_first_once_as_the_page_numbers_do()
    {
        var requested = new List<Guid>();
        for (var i = 0; i < 7; i++)
        {
            requested.Add((await Api.RequestUploadAsync()).VideoId);
        }

        var byCursor = new List<Guid>();
        var page = await Api.GetAsync<VideoPageDto>("/videos?pageSize=3");
        page.TotalCount.ShouldBeNull("the total is counted only when asked for");
        byCursor.AddRange(page.Items.Select(v => v.Id));
        while (page.NextCursor is { } cursor)
        {
            page = await Api.GetAsync<VideoPageDto>($"/videos?pageSize=3&cursor={cursor}");
            page.Page.ShouldBeNull();
            page.TotalCount.ShouldBeNull("the total is counted only when asked for");
            byCursor.AddRange(page.Items.Select(v => v.Id));
        }

        var byNumber = new List<Guid>();
        for (var number = 1; number <= 3; number++)
        {
            byNumber.AddRange((await Api.GetAsync<VideoPageDto>($"/videos?pageSize=3&page={number}")).Items.Select(v => v.Id));
        }

        byCursor.ShouldBe(Enumerable.Reverse(requested));
        byNumber.ShouldBe(byCursor);
    }

    [Fact]
    public async Task the_total_is_counted_only_for_a_page_that_asks_for_it()
    {
        for (var i = 0; i < 3; i++)
        {
            await Api.RequestUploadAsync();
        }

        var first = await Api.GetAsync<VideoPageDto>("/videos?pageSize=2");
        var counted = await Api.GetAsync<VideoPageDto>("/videos?pageSize=2&includeTotal=true");
        var countedByCursor = await Api.GetAsync<VideoPageDto>($"/videos?pageSize=2&includeTotal=true&cursor={first.NextCursor}");
        var ofOneStatus = await Api.GetAsync<VideoPageDto>("/videos?status=processed&includeTotal=true");

        first.TotalCount.ShouldBeNull();
        counted.TotalCount.ShouldBe(3);
        countedByCursor.TotalCount.ShouldBe(3);
        countedByCursor.Items.Count.ShouldBe(1);
        ofOneStatus.TotalCount.ShouldBe(0);
        (await Api.GetAsync<ProblemDto>("/videos?includeTotal=maybe", expectedStatus: 400)).Detail.ShouldNotBeNull().ShouldContain("IncludeTotal");
    }

    [Theory]
    [InlineData("/videos?cursor=not-a-cursor")]
    [InlineData("/videos?cursor=MTIz")]
    [InlineData("/videos?page=2&cursor=NjM4OTk5OTk5OTk5OTk5OTk5LjAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAw")]
    public async Task a_cursor_the_service_did_not_give_or_given_with_a_page_number_is_a_client_error(string url)
    {
        var problem = await Api.GetAsync<ProblemDto>(url, expectedStatus: 400);
        problem.Errors.ShouldNotBeNull().Keys.ShouldContain(key => key.Equals("Cursor", StringComparison.OrdinalIgnoreCase) || key.Equals("Page", StringComparison.OrdinalIgnoreCase));
    }
}
