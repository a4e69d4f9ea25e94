package dev.vouch.store;

/** A pin that the history does not allow: the digest is not an accepted digest of the tag, or there is none older. */
public final class PinRefusedException extends StoreException {
    private static final long serialVersionUID = 1L;

    public PinRefusedException(String message) {
        super(message);
    }
}
