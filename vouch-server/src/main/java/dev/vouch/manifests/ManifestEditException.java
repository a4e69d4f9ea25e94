package dev.vouch.manifests;

/**
 * An edit cannot be made safely: the workload or container does not exist, the image is shared through a YAML
 * alias, or the edited text would not read back as intended. Nothing is written.
 */
public final class ManifestEditException extends Exception {
    private static final long serialVersionUID = 1L;

    public ManifestEditException(String message) {
        super(message);
    }
}
