using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace VideoPipeline.Modules.Live.Ingesting.Srt;

/// <summary>
/// The few calls of Debian's libsrt 1.5 (<c>libsrt1.5-gnutls</c>, the flavour Debian's ffmpeg already depends on) that the
/// SRT listener needs: a listening socket whose listen callback sees each caller's <c>streamid</c> during the handshake,
/// blocking accept and receive, close. Values are those of <c>srt.h</c> 1.5.
/// </summary>
internal static partial class LibSrt
{
    private const string Library = "libsrt-gnutls.so.1.5";

    public const int InvalidSocket = -1;

    /// <summary>SRT_REJC_PREDEFINED + 403: the caller is told "forbidden" (ffmpeg reports the rejection).</summary>
    public const int RejectForbidden = 1000 + 403;

    private const int OptionReceiveTimeout = 14; // SRTO_RCVTIMEO, milliseconds
    private const int OptionStreamId = 46; // SRTO_STREAMID

    /// <summary>SRT_LIVE_MAX_PLSIZE: no live-mode message is longer.</summary>
    public const int MaxPayload = 1456;

    /// <summary>srt_listen_callback_fn: 0 accepts the caller, -1 rejects it.</summary>
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int ListenCallback(IntPtr opaque, int socket, int handshakeVersion, IntPtr peerAddress, IntPtr streamId);

    [LibraryImport(Library, EntryPoint = "srt_startup")]
    public static partial int Startup();

    [LibraryImport(Library, EntryPoint = "srt_cleanup")]
    public static partial int Cleanup();

    [LibraryImport(Library, EntryPoint = "srt_create_socket")]
    public static partial int CreateSocket();

    [LibraryImport(Library, EntryPoint = "srt_bind")]
    private static partial int Bind(int socket, byte[] address, int addressLength);

    [LibraryImport(Library, EntryPoint = "srt_listen")]
    public static partial int Listen(int socket, int backlog);

    [LibraryImport(Library, EntryPoint = "srt_listen_callback")]
    public static partial int SetListenCallback(int socket, IntPtr callback, IntPtr opaque);

    [LibraryImport(Library, EntryPoint = "srt_setrejectreason")]
    public static partial int SetRejectReason(int socket, int reason);

    [LibraryImport(Library, EntryPoint = "srt_accept")]
    public static partial int Accept(int socket, IntPtr address, IntPtr addressLength);

    [LibraryImport(Library, EntryPoint = "srt_recvmsg")]
    public static partial int ReceiveMessage(int socket, byte[] buffer, int length);

    [LibraryImport(Library, EntryPoint = "srt_close")]
    public static partial int Close(int socket);

    [LibraryImport(Library, EntryPoint = "srt_setsockflag")]
    private static partial int SetFlag(int socket, int option, ref int value, int length);

    [LibraryImport(Library, EntryPoint = "srt_getsockflag")]
    private static partial int GetFlag(int socket, int option, byte[] value, ref int length);

    [LibraryImport(Library, EntryPoint = "srt_getlasterror_str")]
    private static partial IntPtr LastErrorText();

    public static string LastError => Marshal.PtrToStringUTF8(LastErrorText()) ?? "unknown SRT error";

    /// <summary>Binds <paramref name="socket"/> to an IPv4 endpoint (a <c>sockaddr_in</c> laid out by hand).</summary>
    public static void BindTo(int socket, IPEndPoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (endpoint.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException("The SRT listener takes an IPv4 address.", nameof(endpoint));
        }

        var address = new byte[16];
        BinaryPrimitives.WriteUInt16LittleEndian(address, (ushort)AddressFamily.InterNetwork);
        BinaryPrimitives.WriteUInt16BigEndian(address.AsSpan(2), (ushort)endpoint.Port);
        endpoint.Address.GetAddressBytes().CopyTo(address, 4);
        if (Bind(socket, address, address.Length) != 0)
        {
            throw new InvalidOperationException($"The SRT listener cannot bind {endpoint}: {LastError}");
        }
    }

    /// <summary>A receive that hears nothing for <paramref name="timeout"/> fails (the publisher is treated as gone).</summary>
    public static void SetReceiveTimeout(int socket, TimeSpan timeout)
    {
        var milliseconds = (int)Math.Min(timeout.TotalMilliseconds, int.MaxValue);
        SetFlag(socket, OptionReceiveTimeout, ref milliseconds, sizeof(int));
    }

    /// <summary>The <c>streamid</c> the caller sent in its handshake (empty when none).</summary>
    public static string StreamIdOf(int socket)
    {
        var value = new byte[512];
        var length = value.Length;
        return GetFlag(socket, OptionStreamId, value, ref length) == 0 ? System.Text.Encoding.UTF8.GetString(value, 0, length) : "";
    }
}
