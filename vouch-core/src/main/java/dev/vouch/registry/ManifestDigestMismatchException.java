package dev.vouch.registry;

/** A manifest requested by digest whose content does not hash to that digest. */
public final class ManifestDigestMismatchException extends RegistryException {

    public ManifestDigestMismatchException(String registry, String repository, String message) {
        super(registry, repository, message);
    }
}
