package dev.vouch.image.docker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vouch.manifest.Descriptor;
import dev.vouch.manifest.ImageManifest;
import dev.vouch.manifest.InvalidManifestException;
import dev.vouch.manifest.Manifests;
import dev.vouch.manifest.MediaTypes;
import dev.vouch.reference.Digest;
import dev.vouch.reference.ImageReference;
import dev.vouch.registry.BlobContent;
import dev.vouch.registry.RegistryClient;
import dev.vouch.signature.UntrustedSigstoreSignature;
import dev.vouch.transport.UntrustedManifest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Adds sigstore signatures to an image's attachments as containers/image does
 * ({@code putSignaturesToSigstoreAttachments}): the OCI manifest tagged {@code sha256-<hex>.sig} is read (or started
 * empty, with the config {@code {"architecture":"","os":"","config":{},"rootfs":{"type":"layers","diff_ids":[]}}}),
 * a signature already there (same media type, payload digest and size, and annotations) is skipped, every other
 * one is appended as a layer whose blob is the payload and whose annotations are the signature's, its digest
 * appended to the config's {@code rootfs.diff_ids}; then the config blob and the manifest are uploaded. Members of an
 * existing manifest or config that vouch does not know are kept.
 */
final class SigstoreAttachmentWriter {
    /** The largest attachment config read. */
    static final int MAX_CONFIG_BYTES = 4 * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private SigstoreAttachmentWriter() {
    }

    /** Adds {@code signatures} for {@code manifestDigest} in {@code image}'s repository; returns how many were new. */
    static int put(RegistryClient client, ImageReference image, Digest manifestDigest,
                   List<UntrustedSigstoreSignature> signatures) throws IOException {
        ImageReference repository = image.repository();
        ImageReference tag = image.withTag(SigstoreAttachments.tag(manifestDigest));
        Optional<UntrustedManifest> existing = client.manifest(tag);
        List<Descriptor> layers = new ArrayList<>();
        ObjectNode manifest;
        ObjectNode config;
        if (existing.isPresent()) {
            ImageManifest parsed = parse(existing.get(), tag);
            layers.addAll(parsed.layers());
            manifest = object(existing.get().bytes(), "sigstore attachment manifest " + tag);
            if (!manifest.path("layers").isArray()) {
                manifest.putArray("layers");
            }
            config = object(client.blob(repository, parsed.config().digest(), MAX_CONFIG_BYTES),
                    "sigstore attachment config " + parsed.config().digest());
        } else {
            manifest = JSON.createObjectNode();
            manifest.put("schemaVersion", 2);
            manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
            manifest.putObject("config");
            manifest.putArray("layers");
            config = JSON.createObjectNode();
            config.put("architecture", "");
            config.put("os", "");
            config.putObject("config");
            config.putObject("rootfs").put("type", "layers").putArray("diff_ids");
        }
        int added = 0;
        for (UntrustedSigstoreSignature signature : signatures) {
            byte[] payload = signature.untrustedPayload();
            Digest payloadDigest = Digest.sha256(payload);
            Descriptor layer = new Descriptor(signature.mimeType(), payloadDigest, payload.length, Optional.empty(),
                    signature.untrustedAnnotations());
            if (layers.contains(layer)) {
                continue;
            }
            putBlobIfMissing(client, repository, payloadDigest, payload);
            layers.add(layer);
            ((ArrayNode) manifest.get("layers")).add(descriptor(layer));
            diffIds(config, tag).add(payloadDigest.toString());
            added++;
        }
        if (added == 0 && existing.isPresent()) {
            return 0;
        }
        byte[] configBytes = bytes(config);
        Digest configDigest = Digest.sha256(configBytes);
        putBlobIfMissing(client, repository, configDigest, configBytes);
        manifest.set("config", descriptor(new Descriptor(MediaTypes.OCI_CONFIG, configDigest, configBytes.length,
                Optional.empty(), Map.of())));
        client.putManifest(tag, bytes(manifest), MediaTypes.OCI_MANIFEST);
        return added;
    }

    private static ImageManifest parse(UntrustedManifest manifest, ImageReference tag) throws IOException {
        if (!manifest.mediaType().equals(MediaTypes.OCI_MANIFEST)) {
            throw new IOException("unexpected MIME type for sigstore attachment manifest " + tag + ": \""
                    + manifest.mediaType() + "\"");
        }
        try {
            return (ImageManifest) Manifests.parse(manifest.bytes(), MediaTypes.OCI_MANIFEST);
        } catch (InvalidManifestException e) {
            throw new IOException("parsing manifest " + tag + ": " + e.getMessage(), e);
        }
    }

    private static ObjectNode object(byte[] json, String what) throws IOException {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IOException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new IOException(what + " is not a JSON object");
        }
        return (ObjectNode) node;
    }

    /** The config's {@code rootfs.diff_ids}, made if absent (or {@code null}, as Go writes an empty list). */
    private static ArrayNode diffIds(ObjectNode config, ImageReference tag) throws IOException {
        JsonNode rootfs = config.get("rootfs");
        if (rootfs == null || rootfs.isNull()) {
            rootfs = config.putObject("rootfs").put("type", "layers");
        }
        if (!rootfs.isObject()) {
            throw new IOException("the config of sigstore attachment manifest " + tag + " has a rootfs that is not an "
                    + "object");
        }
        JsonNode ids = rootfs.get("diff_ids");
        if (ids == null || ids.isNull()) {
            return ((ObjectNode) rootfs).putArray("diff_ids");
        }
        if (!ids.isArray()) {
            throw new IOException("the config of sigstore attachment manifest " + tag + " has rootfs.diff_ids that is "
                    + "not an array");
        }
        return (ArrayNode) ids;
    }

    private static ObjectNode descriptor(Descriptor descriptor) {
        ObjectNode node = JSON.createObjectNode();
        node.put("mediaType", descriptor.mediaType());
        node.put("digest", descriptor.digest().toString());
        node.put("size", descriptor.size());
        if (!descriptor.annotations().isEmpty()) {
            ObjectNode annotations = node.putObject("annotations");
            new TreeMap<>(descriptor.annotations()).forEach(annotations::put);
        }
        return node;
    }

    private static void putBlobIfMissing(RegistryClient client, ImageReference repository, Digest digest, byte[] blob)
            throws IOException {
        if (client.blobSize(repository, digest).isEmpty()) {
            client.putBlob(repository, digest, BlobContent.ofBytes(blob));
        }
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("serializing a JSON tree cannot fail", e);
        }
    }
}
