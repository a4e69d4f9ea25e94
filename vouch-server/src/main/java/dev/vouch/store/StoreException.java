package dev.vouch.store;

import java.io.IOException;

/** The state database could not be opened, read or written; the message names the database and the operation. */
public class StoreException extends IOException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
