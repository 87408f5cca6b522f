using System.Buffers;
using System.Security.Cryptography;

namespace VideoPipeline.BuildingBlocks.Security;

/// <summary>A MAC as the service writes it into URLs and headers: lowercase hex, checked in constant time.</summary>
public static class HexMac
{
    public static string Format(ReadOnlySpan<byte> mac) => Convert.ToHexStringLower(mac);

    /// <summary>Whether what a caller presented is exactly <paramref name="expected"/>; anything that is not hex of its length is not.</summary>
    public static bool Matches(string? presented, ReadOnlySpan<byte> expected)
    {
        if (presented is null || presented.Length != expected.Length * 2)
        {
            return false;
        }

        var bytes = new byte[expected.Length];
        return Convert.FromHexString(presented, bytes, out _, out var written) == OperationStatus.Done
               && written == expected.Length
               && CryptographicOperations.FixedTimeEquals(bytes, expected);
    }
}
