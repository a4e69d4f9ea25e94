package dev.vouch.image.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vouch.image.BoundedFiles;
import dev.vouch.io.VerifiedFiles;
import dev.vouch.manifest.Descriptor;
import dev.vouch.manifest.InvalidManifestException;
import dev.vouch.manifest.ManifestLimits;
import dev.vouch.manifest.Manifests;
import dev.vouch.manifest.MediaTypes;
import dev.vouch.reference.Digest;
import dev.vouch.transport.UntrustedManifest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An OCI image layout directory: {@code oci-layout} (with {@code imageLayoutVersion}), {@code index.json} and
 * {@code blobs/<algorithm>/<hex>}. Chooses an image the way containers/image does and reads its manifest, which
 * must have the size and the digest its descriptor states.
 */
public final class OciLayout {
    /** The largest {@code index.json} or {@code oci-layout} accepted. */
    public static final int MAX_INDEX_BYTES = ManifestLimits.MAX_MANIFEST_BYTES;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path directory;
    private final String image;
    private final List<Descriptor> manifests;

    private OciLayout(Path directory, String image, List<Descriptor> manifests) {
        this.directory = directory;
        this.image = image;
        this.manifests = manifests;
    }

    /** Reads the layout's {@code oci-layout} and {@code index.json}; {@code image} names the image in messages. */
    public static OciLayout open(Path directory, String image) throws IOException {
        JsonNode layout = readJson(directory.resolve("oci-layout"), image);
        JsonNode version = layout.get("imageLayoutVersion");
        if (version == null || !version.isTextual() || version.textValue().isEmpty()) {
            throw new IOException("reading " + image + ": " + directory.resolve("oci-layout")
                    + " has no imageLayoutVersion string");
        }
        Path indexFile = directory.resolve("index.json");
        JsonNode index = readJson(indexFile, image);
        JsonNode entries = index.get("manifests");
        List<Descriptor> manifests = new ArrayList<>();
        if (entries != null && !entries.isNull()) {
            if (!entries.isArray()) {
                throw new IOException("reading " + image + ": " + indexFile + ": \"manifests\" is not an array");
            }
            for (int i = 0; i < entries.size(); i++) {
                try {
                    manifests.add(Manifests.descriptor(entries.get(i), "manifests[" + i + "]"));
                } catch (InvalidManifestException e) {
                    throw new IOException("reading " + image + ": " + indexFile + ": " + e.getMessage(), e);
                }
            }
        }
        return new OciLayout(directory, image, List.copyOf(manifests));
    }

    /** The entries of {@code index.json}. */
    public List<Descriptor> manifests() {
        return manifests;
    }

    /**
     * The descriptor for image {@code name}: if empty, the only entry of the index (an error if there are none or
     * several); otherwise the first OCI manifest or index entry whose {@code org.opencontainers.image.ref.name} is
     * {@code name}.
     */
    public Descriptor select(String name) throws IOException {
        if (name.isEmpty()) {
            if (manifests.size() != 1) {
                throw new IOException("reading " + image + ": " + directory.resolve("index.json") + " lists "
                        + manifests.size() + " images; name one as PATH:NAME");
            }
            return manifests.get(0);
        }
        for (Descriptor descriptor : manifests) {
            boolean ociType = descriptor.mediaType().equals(MediaTypes.OCI_MANIFEST)
                    || descriptor.mediaType().equals(MediaTypes.OCI_INDEX);
            if (ociType && descriptor.refName().filter(name::equals).isPresent()) {
                return descriptor;
            }
        }
        throw new IOException("reading " + image + ": no image named \"" + name + "\" in "
                + directory.resolve("index.json"));
    }

    /** The manifest of image {@code name} (see {@link #select}), checked against its descriptor. */
    public UntrustedManifest readImage(String name) throws IOException {
        Descriptor descriptor = select(name);
        byte[] bytes = readBlob(descriptor);
        String mediaType = descriptor.mediaType().isEmpty() ? MediaTypes.guess(bytes).orElse("")
                : descriptor.mediaType();
        return new UntrustedManifest(bytes, mediaType);
    }

    /** A small blob (a manifest or index), verified against the size and digest of {@code descriptor}. */
    public byte[] readBlob(Descriptor descriptor) throws IOException {
        Path file = blobPath(descriptor.digest());
        if (descriptor.size() > ManifestLimits.MAX_MANIFEST_BYTES) {
            throw new IOException("reading " + image + ": " + file + " is declared as " + descriptor.size()
                    + " bytes, more than the manifest limit of " + ManifestLimits.MAX_MANIFEST_BYTES);
        }
        byte[] bytes = BoundedFiles.read(file, ManifestLimits.MAX_MANIFEST_BYTES, image).orElseThrow(() ->
                new IOException("reading " + image + ": " + file + " does not exist"));
        if (bytes.length != descriptor.size()) {
            throw new IOException("reading " + image + ": " + file + " has " + bytes.length
                    + " bytes, the index says " + descriptor.size());
        }
        if (!descriptor.digest().matches(bytes)) {
            throw new IOException("reading " + image + ": " + file + " does not match its digest "
                    + descriptor.digest());
        }
        return bytes;
    }

    /** A manifest blob named by {@code digest} (an instance of an index), checked against the digest. */
    public byte[] readManifestBlob(Digest digest) throws IOException {
        Path file = blobPath(digest);
        byte[] bytes = BoundedFiles.read(file, ManifestLimits.MAX_MANIFEST_BYTES, image).orElseThrow(() ->
                new IOException("reading " + image + ": " + file + " does not exist"));
        if (!digest.matches(bytes)) {
            throw new IOException("reading " + image + ": " + file + " does not match its digest " + digest);
        }
        return bytes;
    }

    /** Copies blob {@code digest} to {@code target}, streamed and checked against the digest; returns its size. */
    public long copyBlob(Digest digest, Path target) throws IOException {
        Path file = blobPath(digest);
        try (InputStream in = Files.newInputStream(file)) {
            return VerifiedFiles.write(in, digest, target, Long.MAX_VALUE);
        } catch (NoSuchFileException e) {
            throw new IOException("reading " + image + ": blob " + file + " does not exist", e);
        } catch (VerifiedFiles.DigestMismatchException e) {
            throw new IOException("reading " + image + ": blob " + file + " does not match its digest " + digest, e);
        }
    }

    /** {@code blobs/<algorithm>/<hex>} in this layout. */
    public Path blobPath(Digest digest) {
        return directory.resolve("blobs").resolve(digest.algorithm().identifier()).resolve(digest.encoded());
    }

    private static JsonNode readJson(Path file, String image) throws IOException {
        byte[] bytes = BoundedFiles.read(file, MAX_INDEX_BYTES, image).orElseThrow(() ->
                new IOException("reading " + image + ": " + file + " does not exist; not an OCI image layout"));
        JsonNode node;
        try {
            node = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new IOException("reading " + image + ": " + file + " is not valid JSON", e);
        }
        if (node == null || !node.isObject()) {
            throw new IOException("reading " + image + ": " + file + " is not a JSON object");
        }
        return node;
    }
}
