package dev.labconsole.runtime.source;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/** Counts the bytes read through it and reports the running total, at most every 256 KiB. */
final class CountingInputStream extends FilterInputStream {

    private static final long REPORT_EVERY = 256 * 1024;
    private final LongConsumer onProgress;
    private long count;
    private long lastReported;

    CountingInputStream(InputStream in, LongConsumer onProgress) {
        super(in);
        this.onProgress = onProgress;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            advance(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            advance(n);
        }
        return n;
    }

    long count() {
        return count;
    }

    private void advance(long n) {
        count += n;
        if (count - lastReported >= REPORT_EVERY) {
            lastReported = count;
            onProgress.accept(count);
        }
    }

    @Override
    public void close() throws IOException {
        onProgress.accept(count);
        super.close();
    }
}
