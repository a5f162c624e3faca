using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Handoff.Bot.Teams;

/// <summary>
/// Writes simple PNG images (a solid colour, optionally a centred square mark) so the Teams app icons are generated
/// from code instead of committed as binaries.
/// </summary>
public static class SolidColorPng
{
    private static readonly uint[] s_crcTable = CreateCrcTable();

    /// <summary>A <paramref name="size"/>×<paramref name="size"/> RGBA image of <paramref name="background"/> with a centred square of <paramref name="mark"/>.</summary>
    public static byte[] Create(int size, (byte R, byte G, byte B, byte A) background, (byte R, byte G, byte B, byte A) mark, double markFraction)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        var markSize = (int)(size * markFraction);
        var start = (size - markSize) / 2;
        var raw = new byte[size * ((size * 4) + 1)];
        var i = 0;
        for (var y = 0; y < size; y++)
        {
            raw[i++] = 0; // filter: none
            for (var x = 0; x < size; x++)
            {
                var inMark = x >= start && x < start + markSize && y >= start && y < start + markSize;
                var (r, g, b, a) = inMark ? mark : background;
                raw[i++] = r;
                raw[i++] = g;
                raw[i++] = b;
                raw[i++] = a;
            }
        }

        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(0), size);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), size);
        header[8] = 8; // bit depth
        header[9] = 6; // colour type: RGBA
        WriteChunk(png, "IHDR", header);
        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            {
                zlib.Write(raw);
            }

            WriteChunk(png, "IDAT", compressed.ToArray());
        }

        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void WriteChunk(Stream stream, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        stream.Write(length);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        stream.Write(typeBytes);
        stream.Write(data);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32([.. typeBytes, .. data]));
        stream.Write(crc);
    }

    /// <summary>The PNG chunk CRC (ISO 3309 / zlib polynomial).</summary>
    public static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc = s_crcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc ^ 0xFFFFFFFFu;
    }

    private static uint[] CreateCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
