package dev.vouch.registry;

import dev.vouch.reference.Digest;
import dev.vouch.reference.ImageReference;
import dev.vouch.transport.UntrustedManifest;
import java.io.Closeable;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads from and writes to one OCI/Docker distribution registry. Every reference passed must name that registry.
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

    /**
     * Whether {@code repository}'s repository has the blob {@code digest} ({@code HEAD /v2/<name>/blobs/<digest>}):
     * its size (-1 if the registry did not say), or empty if not found.
     */
    Optional<Long> blobSize(ImageReference repository, Digest digest) throws RegistryException;

    /**
     * Uploads a blob: {@code POST /v2/<name>/blobs/uploads/}, then one {@code PUT} of {@code content} to the location
     * the registry gives (relative or absolute) with {@code digest=}. The registry checks the digest; an upload it
     * refuses is cancelled. Asks for {@code pull,push} access.
     */
    void putBlob(ImageReference repository, Digest digest, BlobContent content) throws RegistryException;

    /**
     * Mounts blob {@code digest} from repository {@code from} (on this registry) into {@code repository}'s:
     * {@code POST /v2/<name>/blobs/uploads/?mount=<digest>&from=<from>}. Returns true if mounted (201), false if the
     * registry declined (202: its upload session is cancelled; upload the blob instead). Asks for {@code pull,push}
     * access to the destination and {@code pull} of the source.
     */
    boolean mountBlob(ImageReference repository, Digest digest, ImageReference from) throws RegistryException;

    /**
     * Streams blob {@code digest} to {@code target} (at most {@code maxBytes}), which appears only once the content
     * is checked to hash to {@code digest}. Returns the size. Any answer but 200 is an error.
     */
    long downloadBlob(ImageReference repository, Digest digest, Path target, long maxBytes) throws RegistryException;

    /**
     * Uploads {@code manifest} with {@code mediaType} under {@code reference}'s tag, or its digest (which the bytes
     * must match). Returns the manifest digest, checked against the {@code Docker-Content-Digest} the registry
     * returns. Asks for {@code pull,push} access.
     */
    Digest putManifest(ImageReference reference, byte[] manifest, String mediaType) throws RegistryException;

    /** The tags of {@code repository}'s repository, all pages ({@code Link} headers) followed. */
    List<String> tags(ImageReference repository) throws RegistryException;

    /**
     * Adds one signature through the OpenShift signature API: {@code PUT /extensions/v2/<name>/signatures/<digest>}
     * with {@code body} (JSON, see {@link SignatureExtension#entry}); 201 expected.
     */
    void putExtensionSignature(ImageReference repository, Digest manifestDigest, byte[] body)
            throws RegistryException;

    @Override
    void close();
}
