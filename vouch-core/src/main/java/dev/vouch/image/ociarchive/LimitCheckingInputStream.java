package dev.vouch.image.ociarchive;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Fails once more than a given number of bytes have been read: the guard against decompression bombs. */
final class LimitCheckingInputStream extends FilterInputStream {
    private final long limit;
    private long count;

    LimitCheckingInputStream(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            add(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            add(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        add(skipped);
        return skipped;
    }

    private void add(long n) throws IOException {
        count += n;
        if (count > limit) {
            throw new IOException("the archive holds more than " + limit + " bytes");
        }
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
