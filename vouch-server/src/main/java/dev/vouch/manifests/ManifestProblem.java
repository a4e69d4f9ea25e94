package dev.vouch.manifests;

/** Something wrong in a manifest that does not stop the rest of the file from being read, with where it is. */
public record ManifestProblem(String file, int line, String message) {

    /** {@code file:line: message}. */
    @Override
    public String toString() {
        return file + ":" + line + ": " + message;
    }
}
