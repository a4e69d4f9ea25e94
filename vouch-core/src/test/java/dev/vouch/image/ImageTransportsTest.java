package dev.vouch.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vouch.reference.InvalidReferenceException;
import dev.vouch.transport.TransportRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageTransportsTest {

    @Test
    void standardRegistryReadsLocalLayoutsAndNamesDocker(@TempDir Path dir) {
        TransportRegistry registry = ImageTransports.standard();
        assertThat(registry.get("dir")).isPresent();
        assertThat(registry.get("oci")).isPresent();
        assertThat(registry.get("oci-archive")).isPresent();
        assertThat(registry.get("docker")).isPresent();
        assertThat(registry.parseImageName("oci:" + dir + ":app").displayName()).isEqualTo("oci:" + dir + ":app");
        assertThatThrownBy(() -> registry.parseImageName("sif:/x")).isInstanceOf(InvalidReferenceException.class);
    }

    @Test
    void explicitPathsResolveSymlinksAndAllowAMissingLastComponent(@TempDir Path dir) throws Exception {
        Path real = java.nio.file.Files.createDirectory(dir.resolve("real"));
        Path link = java.nio.file.Files.createSymbolicLink(dir.resolve("link"), real);
        Path resolvedDir = dir.toRealPath();
        assertThat(ExplicitPaths.resolve(link.toString())).isEqualTo(resolvedDir.resolve("real"));
        assertThat(ExplicitPaths.resolve(link + "/missing")).isEqualTo(resolvedDir.resolve("real/missing"));
        assertThat(ExplicitPaths.resolve("//" + real)).isEqualTo(resolvedDir.resolve("real"));
        assertThatThrownBy(() -> ExplicitPaths.resolve(dir + "/no/such")).isInstanceOf(java.io.IOException.class);
    }
}
