package dev.vouch.testing.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A tiny real image as a {@code dir:} layout (one gzipped layer, a config, an OCI manifest) that skopeo can push;
 * {@code variant} changes the layer content, so two variants have different manifests.
 */
public final class TestImage {
    private TestImage() {
    }

    /** Writes the image to {@code dir}; returns the manifest bytes. */
    public static byte[] write(Path dir, String variant) throws IOException {
        byte[] content = ("Hello from " + variant + ".\n").getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream tarBytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(tarBytes)) {
            TarArchiveEntry entry = new TarArchiveEntry("hello.txt");
            entry.setSize(content.length);
            entry.setModTime(1_700_000_000_000L);
            tar.putArchiveEntry(entry);
            tar.write(content);
            tar.closeArchiveEntry();
        }
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
            gzip.write(tarBytes.toByteArray());
        }
        byte[] layer = gzipped.toByteArray();
        byte[] config = String.format("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:%s\"]}}", sha256(tarBytes.toByteArray()))
                .getBytes(StandardCharsets.UTF_8);
        byte[] manifest = String.format("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:%s\","
                + "\"size\":%d},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
                + "\"digest\":\"sha256:%s\",\"size\":%d}]}", sha256(config), config.length, sha256(layer),
                layer.length).getBytes(StandardCharsets.UTF_8);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("version"), "Directory Transport Version: 1.1\n");
        Files.write(dir.resolve("manifest.json"), manifest);
        Files.write(dir.resolve(sha256(config)), config);
        Files.write(dir.resolve(sha256(layer)), layer);
        return manifest;
    }

    /**
     * Writes variant {@code name} of the image into a new directory under {@code work} and pushes it with skopeo to
     * {@code registry} as {@code name:v1}, digests preserved; returns the manifest digest ({@code sha256:...}).
     */
    public static String push(Skopeo skopeo, RegistryServer registry, Path work, String name) throws IOException {
        Path dir = Files.createTempDirectory(work, "image");
        byte[] manifest = write(dir, name);
        skopeo.runChecked(java.util.List.of("copy", "--quiet", "--dest-tls-verify=false", "--preserve-digests",
                "dir:" + dir, "docker://" + registry.hostPort() + "/" + name + ":v1"));
        return "sha256:" + sha256(manifest);
    }

    /**
     * A registries.d directory {@code registries-NAME.d} under {@code work} whose default section names a file
     * lookaside store there and sets {@code use-sigstore-attachments} to {@code attachments}.
     */
    public static Path registriesDirectory(Path work, String name, boolean attachments) throws IOException {
        Path dir = Files.createDirectories(work.resolve("registries-" + name + ".d"));
        Files.writeString(dir.resolve("default.yaml"), "default-docker:\n  lookaside: "
                + Files.createDirectories(work.resolve("lookaside-" + name)).toUri().toString()
                .replaceFirst("^file:/+", "file:///") + "\n  use-sigstore-attachments: " + attachments + "\n");
        return dir;
    }

    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
