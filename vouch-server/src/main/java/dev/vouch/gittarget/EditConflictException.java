package dev.vouch.gittarget;

/**
 * Thrown by a {@link FileEdit.Rewrite} when the file no longer has what the edit changes (the image field
 * disappeared, the container was renamed): the edit is reported as a conflict and the file is left alone.
 */
public final class EditConflictException extends Exception {
    private static final long serialVersionUID = 1L;

    public EditConflictException(String message) {
        super(message);
    }
}
