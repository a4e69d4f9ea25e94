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
     * Checks that the registry accepts this client's credentials, as {@code podman login} does: {@code GET /v2/}
     * authenticated (with a token from the realm when the registry asks for one).
     *
     * @throws RegistryAuthenticationException if the registry or its token server refuses them
     */
    void checkCredentials() throws RegistryException;

    /**
     * The manifest that {@code reference} (by tag or digest) names, or empty if the registry does not have it. A
     * manifest fetched by digest has been checked to hash to that digest.
     */
    Optional<UntrustedManifest> manifest(ImageReference reference) throws RegistryException;

    /** The digest the registry gives ({@code Docker-Content-Digest} of a HEAD request), or empty if not found. */
    Optional<Digest> manifestDigest(ImageReference reference) throws RegistryException;

    /**
     * Whether the registry serves the OpenShift signature API extension: its {@code GET /v2/} answer carries
     * {@code X-Registry-Supports-Signatures: 1}.
     */
    boolean supportsSignatureExtension() throws RegistryException;

    /**
     * The blob {@code digest} in {@code repository}'s repository ({@code GET /v2/<name>/blobs/<digest>}), at most
     * {@code maxBytes} long and checked to hash to {@code digest}. Any answer but 200 is an error.
     */
    byte[] blob(ImageReference repository, Digest digest, int maxBytes) throws RegistryException;

    /**
     * The raw signature list of the OpenShift signature API ({@code GET /extensions/v2/<name>/signatures/<digest>}),
     * at most {@link SignatureExtension#MAX_LIST_BYTES} long. Any answer but 200 (404 included) is an error, as in
     * containers/image.
     */
    byte[] extensionSignatures(ImageReference repository, Digest manifestDigest) throws RegistryException;

    @Override
    void close();
}
