package dev.vouch.policy.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vouch.policy.json.PolicyParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyEditorTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String EXISTING = """
            {
              "default": [{"type": "reject"}],
              "transports": {
                "atomic": {"openshift.example.com/ns": [{"type": "reject"}]},
                "docker": {
                  "quay.io/kept": [{"keyData": "a2V5\\nZA==", "type": "signedBy", "keyType": "GPGKeys"}],
                  "quay.io/replaced": [{"type": "reject"}]
                },
                "some-future-transport": {"anything goes": [{"type": "insecureAcceptAnything"}]}
              }
            }
            """;

    private static JsonNode set(String existing, String scope, TrustType type, String... keys) throws Exception {
        byte[] out = PolicyEditor.set(Optional.ofNullable(existing).map(s -> s.getBytes(StandardCharsets.UTF_8)),
                new TrustSetRequest(scope, type, List.of(keys)));
        return MAPPER.readTree(out);
    }

    private static JsonNode json(String text) throws Exception {
        return MAPPER.readTree(text);
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void createsAPolicyWithADefaultWhenThereIsNone() throws Exception {
        assertThat(set(null, "default", TrustType.ACCEPT)).isEqualTo(json("{\"default\": [{\"type\": \"insecureAcceptAnything\"}]}"));
    }

    @Test
    void refusesAScopeBeforeTheDefaultIsSet() {
        assertThatThrownBy(() -> set(null, "quay.io", TrustType.REJECT))
                .isInstanceOf(PolicyEditException.class).hasMessageContaining("default trust policy must be set");
    }

    @Test
    void writesOneSignedByRequirementPerKeyFileAsPodmanDoes() throws Exception {
        JsonNode result = set(EXISTING, "quay.io/replaced", TrustType.SIGNED_BY, "/k/a.gpg", "k/b.gpg");

        assertThat(result.at("/transports/docker/quay.io~1replaced")).isEqualTo(json("""
                [{"type": "signedBy", "keyType": "GPGKeys", "keyPath": "/k/a.gpg"},
                 {"type": "signedBy", "keyType": "GPGKeys", "keyPath": "k/b.gpg"}]"""));
    }

    @Test
    void writesSigstoreSignedRequirementsWithKeyPaths() throws Exception {
        JsonNode result = set(EXISTING, "ghcr.io/team", TrustType.SIGSTORE_SIGNED, "/k/cosign.pub");

        assertThat(result.at("/transports/docker/ghcr.io~1team"))
                .isEqualTo(json("[{\"type\": \"sigstoreSigned\", \"keyPath\": \"/k/cosign.pub\"}]"));
    }

    @Test
    void preservesEverythingItDoesNotChangeInFileOrder() throws Exception {
        JsonNode before = json(EXISTING);

        JsonNode result = set(EXISTING, "registry.example.com", TrustType.REJECT);

        assertThat(names(result.get("transports"))).containsExactly("atomic", "docker", "some-future-transport");
        assertThat(names(result.at("/transports/docker")))
                .containsExactly("quay.io/kept", "quay.io/replaced", "registry.example.com");
        assertThat(result.at("/transports/docker/quay.io~1kept")).isEqualTo(before.at("/transports/docker/quay.io~1kept"));
        assertThat(names(result.at("/transports/docker/quay.io~1kept/0"))).containsExactly("keyData", "type", "keyType");
        assertThat(result.at("/transports/some-future-transport")).isEqualTo(before.at("/transports/some-future-transport"));
        assertThat(result.get("default")).isEqualTo(before.get("default"));
    }

    @Test
    void replacesAScopeInTheTransportThatAlreadyHasIt() throws Exception {
        JsonNode result = set(EXISTING, "openshift.example.com/ns", TrustType.ACCEPT);

        assertThat(result.at("/transports/atomic/openshift.example.com~1ns"))
                .isEqualTo(json("[{\"type\": \"insecureAcceptAnything\"}]"));
        assertThat(result.at("/transports/docker").has("openshift.example.com/ns")).isFalse();
    }

    @Test
    void replacesTheDefault() throws Exception {
        assertThat(set(EXISTING, "default", TrustType.ACCEPT).get("default"))
                .isEqualTo(json("[{\"type\": \"insecureAcceptAnything\"}]"));
    }

    @Test
    void refusesInvalidRequests() {
        assertThatThrownBy(() -> set(EXISTING, "quay.io", TrustType.SIGNED_BY)).hasMessageContaining("at least one public key");
        assertThatThrownBy(() -> set(EXISTING, "quay.io", TrustType.REJECT, "/k")).hasMessageContaining("unexpectedly provided");
        assertThatThrownBy(() -> TrustType.parse("signed")).hasMessageContaining("unknown trust type \"signed\"");
        assertThatThrownBy(() -> set(EXISTING, "", TrustType.REJECT)).hasMessageContaining("scope is required");
    }

    @Test
    void acceptsPodmanTypeNames() throws Exception {
        assertThat(TrustType.parse("accept")).isEqualTo(TrustType.ACCEPT);
        assertThat(TrustType.parse("insecureAcceptAnything")).isEqualTo(TrustType.ACCEPT);
        assertThat(TrustType.parse("signedBy")).isEqualTo(TrustType.SIGNED_BY);
        assertThat(TrustType.parse("sigstoreSigned")).isEqualTo(TrustType.SIGSTORE_SIGNED);
    }

    @Test
    void refusesToProduceAPolicyThatDoesNotParse() {
        String broken = EXISTING.replace("\"anything goes\": [{\"type\": \"insecureAcceptAnything\"}]", "\"x\": []");

        assertThatThrownBy(() -> set(broken, "quay.io", TrustType.REJECT))
                .isInstanceOf(PolicyEditException.class)
                .hasMessageContaining("refusing to write an invalid policy")
                .hasMessageContaining("transports[\"some-future-transport\"][\"x\"]");
        assertThatThrownBy(() -> set("[]", "default", TrustType.REJECT)).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> set("{\"default\": 1, \"default\": 2}", "default", TrustType.REJECT))
                .hasMessageContaining("Duplicate field");
    }

    @Test
    void editsTheFileAtomicallyKeepingItsPermissions(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("policy.json");
        Files.writeString(file, EXISTING);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        PolicyFileEditor.set(file, new TrustSetRequest("quay.io", TrustType.REJECT, List.of()));

        assertThat(PolicyParser.parse(file).transports().get("docker")).containsKey("quay.io");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void createsAMissingFileReadableByAll(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("policy.json");

        PolicyFileEditor.set(file, new TrustSetRequest("default", TrustType.REJECT, List.of()));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
        assertThat(PolicyParser.parse(file).defaultRequirements()).hasSize(1);
    }

    @Test
    void leavesTheFileUnchangedWhenTheEditFails(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("policy.json");
        Files.writeString(file, "{\"transports\": {}}");

        assertThatThrownBy(() -> PolicyFileEditor.set(file, new TrustSetRequest("quay.io", TrustType.REJECT, List.of())))
                .isInstanceOf(PolicyEditException.class);
        assertThat(Files.readString(file)).isEqualTo("{\"transports\": {}}");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void showsOneEntryPerRequirementLikePodman() throws Exception {
        List<TrustEntry> entries = TrustShow.entries(PolicyParser.parse(
                PolicyEditorTest.class.getResourceAsStream("/policy/all-types.json").readAllBytes()));

        assertThat(entries.get(0)).isEqualTo(new TrustEntry("all", "* (default)", "default", "reject", List.of(), ""));
        assertThat(entries).extracting(TrustEntry::transport).containsSubsequence("all", "atomic", "containers-storage",
                "dir", "repository", "docker-archive", "oci", "some-future-transport");
        assertThat(entries).contains(
                new TrustEntry("repository", "quay.io/x", "quay.io/x", "signed", List.of("/etc/pki/quay.gpg"), "matchRepository"),
                new TrustEntry("repository", "quay.io/data", "quay.io/data", "signed", List.of("<inline data>"),
                        "exactReference quay.io/ref:1"),
                new TrustEntry("repository", "localhost:5000", "localhost:5000", "sigstoreSigned", List.of("/a.pub", "/b.pub"),
                        "matchRepoDigestOrExact"),
                new TrustEntry("repository", "", "", "accept", List.of(), ""),
                new TrustEntry("repository", "registry.base.test", "registry.base.test", "signedBaseLayer", List.of(),
                        "matchRepository"));
    }
}
