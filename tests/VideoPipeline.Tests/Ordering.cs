// The longest collections start first (Infrastructure/LongestFirst.cs); only this assembly, not the cluster specs that
// share the Infrastructure folder.
[assembly: TestCollectionOrderer("VideoPipeline.Tests.Infrastructure.LongestFirst", "VideoPipeline.Tests")]
