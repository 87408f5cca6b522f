using System.Security.Cryptography;
using System.Text;

namespace VideoPipeline.BuildingBlocks.Storage;

/// <summary>
/// Deleted prefixes in the embedded store: each is marked by a file under <c>.deleted/</c> (outside the key space, named
/// for the SHA-256 of the prefix, on the same volume as the objects, so every node sharing it sees the mark). A write
/// checks the mark before it starts and again once its object is in place; whichever of a write and a deletion comes
/// second, the object does not stay.
/// </summary>
public sealed partial class FileSystemObjectStorage
{
    private const string DeletedFolder = ".deleted";

    private void MarkDeleted(string prefix)
    {
        var mark = MarkOf(prefix);
        Directory.CreateDirectory(Path.GetDirectoryName(mark)!);
        File.WriteAllText(mark, prefix);
    }

    /// <summary>Whether <paramref name="key"/> lies under a deleted prefix (any of its folders).</summary>
    private bool IsDeleted(string key)
    {
        for (var slash = key.IndexOf('/', StringComparison.Ordinal); slash >= 0; slash = key.IndexOf('/', slash + 1))
        {
            if (File.Exists(MarkOf(key[..(slash + 1)])))
            {
                return true;
            }
        }

        return false;
    }

    private void RefuseIfDeleted(string key)
    {
        if (IsDeleted(key))
        {
            throw new ObjectGoneException(key);
        }
    }

    /// <summary>After a write moved its file into place: when the prefix was deleted meanwhile, the file (and its emptied folders) go.</summary>
    private void TakeBackIfDeleted(string key, string path)
    {
        if (!IsDeleted(key))
        {
            return;
        }

        DeleteIfThere(path);
        for (var folder = Path.GetDirectoryName(path); folder is not null && folder.Length > _root.Length; folder = Path.GetDirectoryName(folder))
        {
            try
            {
                Directory.Delete(folder);
            }
            catch (IOException)
            {
                break; // Not empty (or already gone): what else is there is not this write's.
            }
        }

        throw new ObjectGoneException(key);
    }

    /// <summary>Deletes a folder and its content; a write that created a temp file in it meanwhile is refused by the mark and removes it, so trying again finishes.</summary>
    private static void RemoveFolder(string folder)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Directory.Delete(folder, recursive: true);
                return;
            }
            catch (DirectoryNotFoundException)
            {
                return;
            }
            catch (IOException) when (attempt < 5)
            {
                // A file appeared while the folder was emptied.
            }
        }
    }

    private static void DeleteIfThere(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
            // Its folder went with a deletion.
        }
    }

    private string MarkOf(string prefix) =>
        Path.Combine(_root, DeletedFolder, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(prefix))));
}
