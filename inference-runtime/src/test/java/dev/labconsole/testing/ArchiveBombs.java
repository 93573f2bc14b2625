package dev.labconsole.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/**
 * Real archive bombs (and an archive of very many entries): valid {@code .zip} and {@code .tar.gz} files of about a thousandth of what they
 * unpack to ({@code unzip}, {@code tar} and {@code gzip -t} accept them), made in well under a second.
 *
 * <p>Deflating gigabytes of zeros takes a while (13 s for 2 GiB here). A deflate stream flushed with
 * {@code FULL_FLUSH} forgets its history, so each further mebibyte of zeros compresses to the same bytes:
 * those bytes are made once and repeated, and only the CRC is computed over the whole content.
 */
public final class ArchiveBombs {

    private static final int MIB = 1024 * 1024;
    /** What the bomb's one big entry is called: a model file, as a bomb posing as a model would be. */
    public static final String BIG_ENTRY = "model/model.pt";

    private ArchiveBombs() {
    }

    /** A zip whose {@link #BIG_ENTRY} is {@code mebibytes} MiB of zeros, beside a small model.properties. */
    public static Path zip(Path file, int mebibytes) throws IOException {
        RepeatedDeflate data = RepeatedDeflate.of(new byte[0], mebibytes, new byte[0]);
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(Files.newOutputStream(file))) {
            ZipArchiveEntry properties = new ZipArchiveEntry("model/model.properties");
            zip.putArchiveEntry(properties);
            zip.write("engine=PyTorch\nmodel=model.pt\n".getBytes(StandardCharsets.UTF_8));
            zip.closeArchiveEntry();
            ZipArchiveEntry big = new ZipArchiveEntry(BIG_ENTRY);
            big.setMethod(ZipEntry.DEFLATED);
            big.setSize((long) mebibytes * MIB);
            big.setCompressedSize(data.compressedSize());
            big.setCrc(data.crc());
            zip.addRawArchiveEntry(big, data.stream());
        }
        return file;
    }

    /** A zip of {@code entries} empty files, about 120 bytes each: many entries, no size. */
    public static Path manyEntries(Path file, int entries) throws IOException {
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(Files.newOutputStream(file))) {
            for (int i = 0; i < entries; i++) {
                zip.putArchiveEntry(new ZipArchiveEntry("model/f" + i));
                zip.closeArchiveEntry();
            }
        }
        return file;
    }

    /** A gzipped tar holding {@link #BIG_ENTRY}, {@code mebibytes} MiB of zeros. */
    public static Path tarGz(Path file, int mebibytes) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(BIG_ENTRY);
        entry.setSize((long) mebibytes * MIB);
        byte[] header = new byte[512];
        entry.writeEntryHeader(header);
        // The content is a multiple of 512 bytes, so no padding; two zero blocks end the archive.
        RepeatedDeflate data = RepeatedDeflate.of(header, mebibytes, new byte[1024]);
        try (OutputStream out = Files.newOutputStream(file); InputStream deflated = data.stream()) {
            out.write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff});
            deflated.transferTo(out);
            ByteBuffer trailer = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            trailer.putInt((int) data.crc()).putInt((int) data.uncompressedSize());
            out.write(trailer.array());
        }
        return file;
    }

    /** Raw deflate data for {@code head}, then {@code mebibytes} MiB of zeros, then {@code tail}. */
    private record RepeatedDeflate(byte[] head, byte[] mebibyte, int repeats, byte[] tail, long crc,
            long uncompressedSize) {

        static RepeatedDeflate of(byte[] headBytes, int mebibytes, byte[] tailBytes) {
            Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
            byte[] zeros = new byte[MIB];
            byte[] head = deflate(deflater, headBytes, Deflater.FULL_FLUSH);
            byte[] mebibyte = deflate(deflater, zeros, Deflater.FULL_FLUSH);
            byte[] second = deflate(deflater, zeros, Deflater.FULL_FLUSH);
            if (!java.util.Arrays.equals(mebibyte, second)) {
                throw new IllegalStateException("a flushed deflate stream did not repeat itself");
            }
            deflater.setInput(tailBytes);
            deflater.finish();
            ByteArrayOutputStream tail = new ByteArrayOutputStream();
            byte[] buffer = new byte[64 * 1024];
            while (!deflater.finished()) {
                tail.write(buffer, 0, deflater.deflate(buffer));
            }
            deflater.end();
            CRC32 crc = new CRC32();
            crc.update(headBytes);
            for (int i = 0; i < mebibytes; i++) {
                crc.update(zeros);
            }
            crc.update(tailBytes);
            // The check deflated the zeros twice; after a full flush the tail does not depend on what came before.
            return new RepeatedDeflate(head, mebibyte, mebibytes, tail.toByteArray(), crc.getValue(),
                    headBytes.length + (long) mebibytes * MIB + tailBytes.length);
        }

        private static byte[] deflate(Deflater deflater, byte[] input, int flush) {
            deflater.setInput(input);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[64 * 1024];
            int n;
            do {
                n = deflater.deflate(buffer, 0, buffer.length, flush);
                out.write(buffer, 0, n);
            } while (n == buffer.length || !deflater.needsInput());
            return out.toByteArray();
        }

        long compressedSize() {
            return head.length + (long) mebibyte.length * repeats + tail.length;
        }

        InputStream stream() {
            List<InputStream> parts = new ArrayList<>(repeats + 2);
            parts.add(new ByteArrayInputStream(head));
            for (int i = 0; i < repeats; i++) {
                parts.add(new ByteArrayInputStream(mebibyte));
            }
            parts.add(new ByteArrayInputStream(tail));
            return new SequenceInputStream(Collections.enumeration(parts));
        }
    }
}
