using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Model;
using Microsoft.Extensions.DependencyInjection;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Operations;

/// <summary>
/// The handlers' code is generated ahead of time and committed (src/VideoPipeline/Internal/Generated), so nodes and test
/// hosts start without compiling it. It must stay what the handlers generate today: a stale file would run old code.
/// </summary>
[Collection(EmbeddedStorageCollection.Name)]
public sealed class StartingWithoutCompiling(EmbeddedStorageApp app) : HostSpec<EmbeddedStorageApp>(app)
{
    private static readonly string Committed = Path.Combine(Repository.Root, "src", "VideoPipeline", "Internal", "Generated");

    [Fact]
    public void the_handler_code_generated_ahead_of_time_is_what_the_handlers_generate_now()
    {
        var generated = Generate(App.Host.Services);

        var committed = Directory.EnumerateFiles(Committed, "*.cs", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(Committed, f), f => WithoutAotRoots(File.ReadAllText(f)));
        var stale = generated.Keys.Union(committed.Keys).Order(StringComparer.Ordinal)
            .Select(name => (generated.GetValueOrDefault(name), committed.GetValueOrDefault(name)) switch
            {
                (_, null) => $"{name} is not committed",
                (null, _) => $"{name} is committed but no handler generates it",
                (var now, var then) when now != then => $"{name} differs from what its handler generates",
                _ => null,
            })
            .OfType<string>()
            .ToList();

        stale.ShouldBeEmpty("run `ASPNETCORE_ENVIRONMENT=Development dotnet run --project src/VideoPipeline -c Release -- codegen write` (README: Working on the code) and commit Internal/Generated");
    }

    /// <summary>Each file's code as `codegen write` renders it, by its path under Internal/Generated.</summary>
    private static Dictionary<string, string> Generate(IServiceProvider services)
    {
        var variables = services.GetService<IServiceVariableSource>();
        var code = new Dictionary<string, string>();
        foreach (var collection in services.GetServices<ICodeFileCollection>())
        {
            var folder = collection.ToExportDirectory(Committed);
            foreach (var file in collection.BuildFiles())
            {
                var assembly = collection.StartAssembly(collection.Rules);
                file.AssembleTypes(assembly);
                var name = Path.Combine(folder, file.FileName.Replace(" ", "_", StringComparison.Ordinal) + ".cs");
                code[Path.GetRelativePath(Committed, name)] =
                    assembly.GenerateCode(collection is ICodeFileCollectionWithServices ? variables : null);
            }
        }

        return code;
    }

    /// <summary>`codegen write` adds Native AOT roots to the handler registry after rendering it; they name the same types.</summary>
    private static string WithoutAotRoots(string code)
    {
        var (start, end) = (code.IndexOf("    // START: AotRoots", StringComparison.Ordinal), code.IndexOf("    // END: AotRoots", StringComparison.Ordinal));
        return start < 0 || end < start ? code : code[..start] + code[(code.IndexOf('\n', end) + 1)..].TrimStart(' ', '\n');
    }
}
