package dev.vouch.io;

import java.io.IOException;

/** More than the allowed number of bytes was read; distinguishable from malformed data. */
public final class LimitExceededException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long limit;

    public LimitExceededException(long limit) {
        super("more than " + limit + " bytes");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
