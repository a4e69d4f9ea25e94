package dev.vouch.cli.copy;

import dev.vouch.testing.registry.TestImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** An OCI layout holding one image index ({@code :v1}) of two test images, for linux/amd64 then linux/arm64. */
final class MultiPlatformLayout {
    record Written(String indexDigest, List<String> instanceDigests) {
    }

    private MultiPlatformLayout() {
    }

    static Written write(Path layout, Path parts) throws IOException {
        Path blobs = Files.createDirectories(layout.resolve("blobs/sha256"));
        List<String> entries = new ArrayList<>();
        List<String> digests = new ArrayList<>();
        for (String architecture : List.of("amd64", "arm64")) {
            Path part = parts.resolve(architecture);
            byte[] manifest = TestImage.write(part, "multi-" + architecture);
            try (Stream<Path> files = Files.list(part)) {
                for (Path file : files.toList()) {
                    if (file.getFileName().toString().matches("[0-9a-f]{64}")) {
                        Files.copy(file, blobs.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            String hex = TestImage.sha256(manifest);
            Files.write(blobs.resolve(hex), manifest);
            digests.add("sha256:" + hex);
            entries.add("{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:" + hex
                    + "\",\"size\":" + manifest.length + ",\"platform\":{\"architecture\":\"" + architecture
                    + "\",\"os\":\"linux\"}}");
        }
        byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
                + "\"manifests\":[" + String.join(",", entries) + "]}").getBytes(StandardCharsets.UTF_8);
        String indexHex = TestImage.sha256(index);
        Files.write(blobs.resolve(indexHex), index);
        Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Files.writeString(layout.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.index.v1+json\",\"digest\":\"sha256:" + indexHex + "\",\"size\":"
                + index.length + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"v1\"}}]}");
        return new Written("sha256:" + indexHex, List.copyOf(digests));
    }
}
