using System.Buffers;
using System.Security.Cryptography;

namespace VideoPipeline.BuildingBlocks.Security;

/// <summary>
/// A MAC as the service writes it into URLs and headers: lowercase hex, checked in constant time. Lowercase is its only
/// spelling: the same MAC in capitals is another string, refused, so a signed URL or header has exactly one form.
/// </summary>
public static class HexMac
{
    private static readonly SearchValues<char> LowercaseHex = SearchValues.Create("0123456789abcdef");

    public static string Format(ReadOnlySpan<byte> mac) => Convert.ToHexStringLower(mac);

    /// <summary>Whether <paramref name="text"/> is lowercase hex only (the one spelling of a MAC).</summary>
    public static bool IsLowercaseHex(ReadOnlySpan<char> text) => !text.ContainsAnyExcept(LowercaseHex);

    /// <summary>Whether what a caller presented is exactly <paramref name="expected"/>; anything that is not lowercase hex of its length is not.</summary>
    public static bool Matches(string? presented, ReadOnlySpan<byte> expected)
    {
        if (presented is null || presented.Length != expected.Length * 2 || !IsLowercaseHex(presented))
        {
            return false;
        }

        var bytes = new byte[expected.Length];
        return Convert.FromHexString(presented, bytes, out _, out var written) == OperationStatus.Done
               && written == expected.Length
               && CryptographicOperations.FixedTimeEquals(bytes, expected);
    }
}
