package dev.vouch.registry;

import dev.vouch.reference.Digest;
import dev.vouch.reference.ImageReference;
import dev.vouch.transport.UntrustedManifest;
import java.io.Closeable;
import java.util.Optional;

/**
 * Reads from one OCI/Docker distribution registry. Every reference passed must name that registry.
 * {@link HttpRegistryClient} is the implementation over HTTP(S).
 */
public interface RegistryClient extends Closeable {

    /** The registry host, with its port if any, as written in image names ({@code docker.io}, {@code h:5000}). */
    String registry();

    /** Checks that the registry speaks the v2 API ({@code GET /v2/}), choosing the scheme and authentication. */
    void ping() throws RegistryException;

    /**
     * The manifest that {@code reference} (by tag or digest) names, or empty if the registry does not have it. A
     * manifest fetched by digest has been checked to hash to that digest.
     */
    Optional<UntrustedManifest> manifest(ImageReference reference) throws RegistryException;

    /** The digest the registry gives ({@code Docker-Content-Digest} of a HEAD request), or empty if not found. */
    Optional<Digest> manifestDigest(ImageReference reference) throws RegistryException;

    @Override
    void close();
}
