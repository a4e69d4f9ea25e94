package dev.vouch.image.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vouch.image.BoundedFiles;
import dev.vouch.io.AtomicFiles;
import dev.vouch.manifest.ManifestDigests;
import dev.vouch.manifest.MediaTypes;
import dev.vouch.reference.Digest;
import dev.vouch.signature.UntrustedSignature;
import dev.vouch.transport.ImageDestination;
import dev.vouch.transport.TransportReference;
import dev.vouch.transport.UntrustedManifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes an image into an OCI layout, as containers/image does: blobs (and manifests) under
 * {@code blobs/<algorithm>/<hex>}, then on {@link #commit()} {@code oci-layout} and {@code index.json}, where the
 * top-level manifest's entry is named by the {@code org.opencontainers.image.ref.name} annotation and replaces an
 * entry of the same name (other entries are kept). Blobs are content-addressed and written by rename, so a failure
 * before the commit leaves the layout's index as it was. Only OCI manifests and indexes can be stored, and no
 * signatures.
 */
public final class OciImageDestination implements ImageDestination {
    /** containers/image's refusal, as skopeo prints it. */
    public static final String NO_SIGNATURES = "Pushing signatures for OCI images is not supported";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TransportReference reference;
    private final Path directory;
    private final String imageName;
    private final List<JsonNode> entries;
    private Optional<ObjectNode> topLevel = Optional.empty();

    private OciImageDestination(TransportReference reference, Path directory, String imageName,
                                List<JsonNode> entries) {
        this.reference = reference;
        this.directory = directory;
        this.imageName = imageName;
        this.entries = entries;
    }

    /** Opens (creating it if needed) the layout {@code directory}, for image {@code imageName} (may be empty). */
    public static OciImageDestination open(TransportReference reference, Path directory, String imageName)
            throws IOException {
        String image = reference.displayName();
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new IOException("writing to " + image + ": cannot create " + directory + ": " + e.getMessage(), e);
        }
        List<JsonNode> entries = new ArrayList<>();
        Path indexFile = directory.resolve("index.json");
        Optional<byte[]> index = BoundedFiles.read(indexFile, OciLayout.MAX_INDEX_BYTES, image);
        if (index.isPresent()) {
            JsonNode root;
            try {
                root = JSON.readTree(index.get());
            } catch (IOException e) {
                throw new IOException("writing to " + image + ": " + indexFile + " is not valid JSON", e);
            }
            JsonNode manifests = root == null ? null : root.get("manifests");
            if (manifests != null && manifests.isArray()) {
                manifests.forEach(entries::add);
            } else if (manifests != null && !manifests.isNull()) {
                throw new IOException("writing to " + image + ": " + indexFile + ": \"manifests\" is not an array");
            }
        }
        return new OciImageDestination(reference, directory, imageName, entries);
    }

    @Override
    public TransportReference reference() {
        return reference;
    }

    @Override
    public Optional<String> signatureSupport() {
        return Optional.of(NO_SIGNATURES);
    }

    @Override
    public boolean supportsMultipleImages() {
        return true;
    }

    @Override
    public boolean hasBlob(Digest digest) {
        return Files.isRegularFile(blobPath(digest));
    }

    @Override
    public void putBlob(Digest digest, Path file) throws IOException {
        Path target = blobPath(digest);
        try {
            Files.createDirectories(target.getParent());
            Path temporary = Files.createTempFile(target.getParent(), "." + digest.encoded() + ".", ".tmp");
            try {
                Files.copy(file, temporary, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw failure("storing blob " + digest, e);
        }
    }

    @Override
    public void putManifest(UntrustedManifest manifest, Optional<Digest> instance) throws IOException {
        String mediaType = manifest.mediaType();
        if (!mediaType.equals(MediaTypes.OCI_MANIFEST) && !mediaType.equals(MediaTypes.OCI_INDEX)) {
            throw new IOException("writing to " + reference.displayName() + ": manifest type "
                    + (mediaType.isEmpty() ? "(unknown)" : mediaType) + " cannot be stored in an OCI layout, and"
                    + " converting it to OCI (which changes its digest) is not implemented");
        }
        byte[] bytes = manifest.bytes();
        Digest digest;
        try {
            digest = instance.isPresent() ? instance.get() : ManifestDigests.digest(bytes);
        } catch (dev.vouch.manifest.InvalidManifestException e) {
            throw new IOException("writing to " + reference.displayName() + ": " + e.getMessage(), e);
        }
        if (!digest.matches(bytes)) {
            throw new IOException("writing to " + reference.displayName() + ": the manifest of instance " + digest
                    + " does not match that digest");
        }
        Path file = Files.createTempFile(directory, ".manifest-", ".tmp");
        try {
            Files.write(file, bytes);
            putBlob(digest, file);
        } finally {
            Files.deleteIfExists(file);
        }
        if (instance.isEmpty()) {
            ObjectNode entry = JSON.createObjectNode().put("mediaType", mediaType).put("digest", digest.toString())
                    .put("size", bytes.length);
            if (!imageName.isEmpty()) {
                entry.putObject("annotations").put("org.opencontainers.image.ref.name", imageName);
            }
            topLevel = Optional.of(entry);
        }
    }

    @Override
    public void putSignatures(List<UntrustedSignature> signatures, Optional<Digest> instance) throws IOException {
        if (!signatures.isEmpty()) {
            throw new IOException("writing to " + reference.displayName() + ": " + NO_SIGNATURES);
        }
    }

    @Override
    public void commit() throws IOException {
        if (topLevel.isEmpty()) {
            throw new IOException("writing to " + reference.displayName() + ": no manifest was written");
        }
        List<JsonNode> updated = new ArrayList<>();
        boolean replaced = false;
        for (JsonNode entry : entries) {
            String name = entry.path("annotations").path("org.opencontainers.image.ref.name").asText("");
            if (!imageName.isEmpty() && name.equals(imageName)) {
                if (!replaced) {
                    updated.add(topLevel.get());
                    replaced = true;
                }
            } else {
                updated.add(entry);
            }
        }
        if (!replaced) {
            updated.add(topLevel.get());
        }
        ObjectNode index = JSON.createObjectNode().put("schemaVersion", 2);
        ArrayNode manifests = index.putArray("manifests");
        updated.forEach(manifests::add);
        try {
            AtomicFiles.replace(directory.resolve("oci-layout"),
                    "{\"imageLayoutVersion\": \"1.0.0\"}".getBytes(StandardCharsets.UTF_8),
                    PosixFilePermissions.fromString("rw-r--r--"));
            AtomicFiles.replace(directory.resolve("index.json"), JSON.writeValueAsBytes(index),
                    PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException e) {
            throw failure("writing the index", e);
        }
    }

    @Override
    public void close() {
    }

    private Path blobPath(Digest digest) {
        return directory.resolve("blobs").resolve(digest.algorithm().identifier()).resolve(digest.encoded());
    }

    private IOException failure(String what, IOException cause) {
        return new IOException("writing to " + reference.displayName() + ": " + what + ": "
                + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : " " + cause.getMessage()),
                cause);
    }
}
