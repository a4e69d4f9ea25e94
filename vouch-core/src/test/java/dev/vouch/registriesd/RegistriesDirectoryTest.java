package dev.vouch.registriesd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vouch.reference.Digest;
import dev.vouch.reference.ImageReference;
import dev.vouch.transport.SourceContext;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RegistriesDirectoryTest {
    private static final String DIGEST = "sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f";

    @TempDir
    Path dir;

    private SourceContext user() {
        return new SourceContext(java.util.Optional.of(dir), Path.of("/home/u"), false);
    }

    private RegistriesConfiguration load(String... yamlFiles) throws Exception {
        for (int i = 0; i < yamlFiles.length; i++) {
            Files.writeString(dir.resolve("f" + i + ".yaml"), yamlFiles[i]);
        }
        return RegistriesDirectory.load(user());
    }

    private static SignatureStorage lookup(RegistriesConfiguration config, String image) throws Exception {
        return config.lookup(ImageReference.parse(image));
    }

    @Test
    void usesTheMostSpecificScopeThenDefaultDockerThenTheBuiltInDefault() throws Exception {
        RegistriesConfiguration config = load("""
                default-docker:
                  lookaside: https://default.example/sigs
                docker:
                  registry.example.com:
                    lookaside: https://host.example/sigs
                  registry.example.com/team:
                    lookaside: https://team.example/sigs
                  registry.example.com/team/app:v1:
                    lookaside: file:///srv/v1
                  registry.example.com/team/app@%s:
                    lookaside: file:///srv/by-digest
                  "*.example.com":
                    lookaside: https://wildcard.example/sigs
                """.formatted(DIGEST));
        assertThat(lookup(config, "registry.example.com/team/app:v1").readBase()).hasToString("file:///srv/v1");
        assertThat(lookup(config, "registry.example.com/team/app@" + DIGEST).readBase())
                .hasToString("file:///srv/by-digest");
        assertThat(lookup(config, "registry.example.com/team/app:v2").readBase())
                .hasToString("https://team.example/sigs");
        assertThat(lookup(config, "registry.example.com/other/app").readBase())
                .hasToString("https://host.example/sigs");
        assertThat(lookup(config, "other.example.com/x").readBase()).hasToString("https://wildcard.example/sigs");
        assertThat(lookup(config, "quay.io/x").readBase()).hasToString("https://default.example/sigs");
        assertThat(RegistriesDirectory.load(dir.resolve("missing"), user())
                .lookup(ImageReference.parse("quay.io/x")).readBase())
                .hasToString("file:///home/u/.local/share/containers/sigstore");
        assertThat(RegistriesDirectory.load(dir.resolve("missing"), user().withHomeDirectory(Path.of("/root"), true))
                .lookup(ImageReference.parse("quay.io/x")).readBase())
                .hasToString("file:///var/lib/containers/sigstore");
    }

    @Test
    void aHostWithPortDoesNotFallBackToTheHostWithoutPort() throws Exception {
        RegistriesConfiguration config = load("""
                docker:
                  localhost:
                    lookaside: file:///no
                """);
        assertThat(lookup(config, "localhost:5000/app:1").readBase())
                .hasToString("file:///home/u/.local/share/containers/sigstore");
    }

    @Test
    void aSectionWithoutTheValueLetsTheSearchContinueAsInContainersImage() throws Exception {
        // containers/image's signatureTopLevel / useSigstoreAttachments search each value separately, although
        // containers-registries.d(5) describes a wholesale match.
        RegistriesConfiguration config = load("""
                default-docker:
                  use-sigstore-attachments: true
                docker:
                  quay.io:
                    lookaside: https://quay.example/sigs
                  quay.io/team:
                    lookaside-staging: file:///staging
                """);
        SignatureStorage storage = lookup(config, "quay.io/team/app:1");
        assertThat(storage.readBase()).hasToString("https://quay.example/sigs");
        assertThat(storage.writeBase()).hasToString("file:///staging");
        assertThat(storage.useSigstoreAttachments()).isTrue();
    }

    @Test
    void newNamesWinOverOldOnesAndStagingFallsBackToTheReadLocation() throws Exception {
        RegistriesConfiguration config = load("""
                docker:
                  a.example:
                    lookaside: file:///new
                    sigstore: file:///old
                    sigstore-staging: file:///old-staging
                  b.example:
                    sigstore: file:///old
                  c.example:
                    lookaside: file:///read
                """);
        assertThat(lookup(config, "a.example/x:1").readBase()).hasToString("file:///new");
        assertThat(lookup(config, "a.example/x:1").writeBase()).hasToString("file:///old-staging");
        assertThat(lookup(config, "b.example/x:1").readBase()).hasToString("file:///old");
        assertThat(lookup(config, "c.example/x:1").writeBase()).hasToString("file:///read");
        assertThat(lookup(config, "c.example/x:1").useSigstoreAttachments()).isFalse();
    }

    @Test
    void aScopeDefinedInTwoFilesIsAnErrorNamingBoth() {
        assertThatThrownBy(() -> load("docker:\n  quay.io:\n    lookaside: file:///a\n",
                "docker:\n  quay.io:\n    use-sigstore-attachments: true\n"))
                .isInstanceOf(InvalidRegistriesConfigurationException.class)
                .hasMessageContaining("quay.io").hasMessageContaining("f0.yaml").hasMessageContaining("f1.yaml");
        assertThatThrownBy(() -> load("default-docker:\n  lookaside: file:///a\n",
                "default-docker:\n  lookaside: file:///b\n"))
                .isInstanceOf(InvalidRegistriesConfigurationException.class)
                .hasMessageContaining("default-docker").hasMessageContaining("f0.yaml").hasMessageContaining("f1.yaml");
    }

    @Test
    void readsOnlyYamlFiles() throws Exception {
        Files.writeString(dir.resolve("notes.yml"), "garbage: [");
        Files.writeString(dir.resolve("README"), "garbage: [");
        assertThat(load("docker:\n  quay.io:\n    lookaside: file:///a\n").lookup(ImageReference.parse("quay.io/x:1"))
                .readBase()).hasToString("file:///a");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "docker: [a]",
        "default-docker: file:///x",
        "unknown: {}",
        "Docker: {}",
        "docker:\n  quay.io:\n    lookaside: 5",
        "docker:\n  quay.io:\n    lookaside: [a]",
        "docker:\n  quay.io:\n    use-sigstore-attachments: \"true\"",
        "docker:\n  quay.io:\n    use-sigstore-attachments: yes",
        "docker:\n  quay.io:\n    lookasid: file:///x",
        "docker:\n  quay.io:\n    use-cosign-attachments: true",
        "docker:\n  quay.io: file:///x",
        "docker:\n  quay.io:\n    lookaside: file:///a\n  quay.io:\n    lookaside: file:///b",
        "default-docker:\n  lookaside: file:///a\n  lookaside: file:///b",
        "docker:\n  1: {}",
        "a: &x {b: 1}\nc: *x",
        "docker: {}\n---\ndocker: {}",
        "docker: {",
        "- a",
    })
    void rejectsBrokenFilesNamingTheFile(String yaml) {
        assertThatThrownBy(() -> load(yaml)).isInstanceOf(InvalidRegistriesConfigurationException.class)
                .hasMessageContaining("f0.yaml");
    }

    @Test
    void nullValuesCountAsUnset() throws Exception {
        RegistriesConfiguration config = load("default-docker:\ndocker:\n  quay.io:\n  q.example:\n    lookaside:\n");
        assertThat(lookup(config, "quay.io/x:1").readBase())
                .hasToString("file:///home/u/.local/share/containers/sigstore");
    }

    @Test
    void refusesAnInvalidUrlAtLookup() throws Exception {
        RegistriesConfiguration config = load("docker:\n  quay.io:\n    lookaside: \"not a url\"\n");
        assertThatThrownBy(() -> lookup(config, "quay.io/x:1"))
                .isInstanceOf(InvalidRegistriesConfigurationException.class).hasMessageContaining("not a url");
    }

    @Test
    void refusesOversizedFiles() throws Exception {
        Files.write(dir.resolve("big.yaml"), new byte[RegistriesDirectory.MAX_FILE_BYTES + 1]);
        assertThatThrownBy(() -> RegistriesDirectory.load(user()))
                .isInstanceOf(InvalidRegistriesConfigurationException.class).hasMessageContaining("big.yaml");
    }

    @Test
    void defaultDirectoryPrefersTheContextThenTheUserDirectory(@TempDir Path home) throws IOException {
        SourceContext context = new SourceContext(java.util.Optional.empty(), home, false);
        assertThat(RegistriesDirectory.defaultDirectory(context)).isEqualTo(Path.of("/etc/containers/registries.d"));
        Path user = Files.createDirectories(home.resolve(".config/containers/registries.d"));
        assertThat(RegistriesDirectory.defaultDirectory(context)).isEqualTo(user);
        assertThat(RegistriesDirectory.defaultDirectory(context.withRegistriesDirectory(dir))).isEqualTo(dir);
    }

    @Test
    void buildsSignatureLocationsFromTheRepositoryPathWithoutHost() throws Exception {
        URI base = LookasidePaths.parseBase("https://sigs.example/store");
        URI repo = LookasidePaths.repositoryBase(base, ImageReference.parse("registry.example.com:5000/team/app:1"));
        assertThat(LookasidePaths.signature(repo, Digest.parse(DIGEST), 1)).hasToString(
                "https://sigs.example/store/team/app@sha256=" + DIGEST.substring(7) + "/signature-1");
        URI busybox = LookasidePaths.repositoryBase(LookasidePaths.parseBase("file:///var/lib/sigs/"),
                ImageReference.parse("busybox"));
        assertThat(LookasidePaths.signature(busybox, Digest.parse(DIGEST), 3).getPath())
                .isEqualTo("/var/lib/sigs//library/busybox@sha256=" + DIGEST.substring(7) + "/signature-3");
        URI spaced = LookasidePaths.repositoryBase(LookasidePaths.parseBase("file:///a%20b"),
                ImageReference.parse("x/y"));
        assertThat(spaced.getPath()).isEqualTo("/a b/x/y");
        assertThat(spaced).hasToString("file:///a%20b/x/y");
    }
}
