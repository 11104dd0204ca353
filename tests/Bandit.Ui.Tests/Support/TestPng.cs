using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Bandit.Ui.Tests.Support;

/// <summary>Writes small real PNG files (a line chart on a white canvas) to stand in for the Trainer's plots.</summary>
public static class TestPng
{
    /// <summary>A <paramref name="width"/>×<paramref name="height"/> RGB image: axes and a curve y = x^<paramref name="power"/>.</summary>
    public static byte[] Curve(int width = 320, int height = 220, double power = 0.4, (byte R, byte G, byte B)? color = null)
    {
        var (r, g, b) = color ?? ((byte)37, (byte)99, (byte)235);
        var pixels = new byte[height, width, 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                pixels[y, x, 0] = pixels[y, x, 1] = pixels[y, x, 2] = 255;
            }
        }

        void Set(int x, int y, byte pr, byte pg, byte pb)
        {
            if (x >= 0 && x < width && y >= 0 && y < height)
            {
                (pixels[y, x, 0], pixels[y, x, 1], pixels[y, x, 2]) = (pr, pg, pb);
            }
        }

        for (var x = 20; x < width - 10; x++)
        {
            Set(x, height - 20, 120, 120, 120);
        }

        for (var y = 10; y < height - 20; y++)
        {
            Set(20, y, 120, 120, 120);
        }

        for (var x = 0; x < width - 30; x++)
        {
            var fx = Math.Pow((double)x / (width - 30), power);
            var py = height - 20 - (int)(fx * (height - 30));
            for (var t = -1; t <= 1; t++)
            {
                Set(20 + x, py + t, r, g, b);
            }
        }

        return Encode(pixels, width, height);
    }

    private static byte[] Encode(byte[,,] pixels, int width, int height)
    {
        using var raw = new MemoryStream();
        for (var y = 0; y < height; y++)
        {
            raw.WriteByte(0); // filter: none
            for (var x = 0; x < width; x++)
            {
                raw.Write([pixels[y, x, 0], pixels[y, x, 1], pixels[y, x, 2]]);
            }
        }

        using var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            raw.Position = 0;
            raw.CopyTo(z);
        }

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 2; // colour type: RGB
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(buffer, data.Length);
        png.Write(buffer);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        png.Write(typeBytes);
        png.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(buffer, Crc32([.. typeBytes, .. data]));
        png.Write(buffer);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return crc ^ 0xFFFFFFFFu;
    }
}
