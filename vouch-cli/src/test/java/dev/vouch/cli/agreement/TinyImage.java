package dev.vouch.cli.agreement;

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
 * A real, tiny image (one gzipped layer holding {@code /hello.txt}, a config, an OCI manifest) that skopeo can
 * copy, and a second manifest over the same blobs that differs only by an annotation: the "other manifest" that
 * tampering and misplaced signatures need.
 */
final class TinyImage {
    static final String DIR_VERSION = "Directory Transport Version: 1.1\n";

    private final byte[] config;
    private final byte[] layer;
    private final byte[] manifest;
    private final byte[] otherManifest;

    private TinyImage(byte[] config, byte[] layer) {
        this.config = config;
        this.layer = layer;
        String template = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:%s\","
                + "\"size\":%d},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
                + "\"digest\":\"sha256:%s\",\"size\":%d}]%s}";
        this.manifest = String.format(template, sha256(config), config.length, sha256(layer), layer.length, "")
                .getBytes(StandardCharsets.UTF_8);
        this.otherManifest = String.format(template, sha256(config), config.length, sha256(layer), layer.length,
                ",\"annotations\":{\"org.example.variant\":\"other\"}").getBytes(StandardCharsets.UTF_8);
    }

    static TinyImage create() throws IOException {
        byte[] tar = tar("hello.txt", "Hello from the agreement test.\n".getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
            gzip.write(tar);
        }
        byte[] config = String.format("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:%s\"]}}", sha256(tar))
                .getBytes(StandardCharsets.UTF_8);
        return new TinyImage(config, gzipped.toByteArray());
    }

    byte[] manifest() {
        return manifest.clone();
    }

    byte[] otherManifest() {
        return otherManifest.clone();
    }

    /** Writes a dir: image with {@code manifestBytes} and both blobs, without signatures; returns {@code dir}. */
    Path writeTo(Path dir, byte[] manifestBytes) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("version"), DIR_VERSION);
        Files.write(dir.resolve("manifest.json"), manifestBytes);
        Files.write(dir.resolve(sha256(config)), config);
        Files.write(dir.resolve(sha256(layer)), layer);
        return dir;
    }

    private static byte[] tar(String name, byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            TarArchiveEntry entry = new TarArchiveEntry(name);
            entry.setSize(content.length);
            entry.setModTime(1_700_000_000_000L);
            tar.putArchiveEntry(entry);
            tar.write(content);
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
