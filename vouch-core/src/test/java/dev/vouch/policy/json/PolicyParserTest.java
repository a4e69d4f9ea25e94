package dev.vouch.policy.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vouch.policy.ExactReference;
import dev.vouch.policy.InsecureAcceptAnything;
import dev.vouch.policy.InvalidPolicyException;
import dev.vouch.policy.KeySource;
import dev.vouch.policy.MatchRepoDigestOrExact;
import dev.vouch.policy.MatchRepository;
import dev.vouch.policy.Policy;
import dev.vouch.policy.PolicyError;
import dev.vouch.policy.PolicyRequirement;
import dev.vouch.policy.Reject;
import dev.vouch.policy.RemapIdentity;
import dev.vouch.policy.SignedBaseLayer;
import dev.vouch.policy.SignedBy;
import dev.vouch.policy.SignedByKeyType;
import dev.vouch.policy.SigstoreSigned;
import dev.vouch.policy.SigstoreTrustRoot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyParserTest {
    private static final String VALID = PolicyParserMutationTest.VALID;

    private static List<PolicyRequirement> docker(Policy policy, String scope) {
        return policy.transports().get("docker").get(scope);
    }

    @Test
    void parsesEveryRequirementTypeIntoTheModel() throws Exception {
        Policy policy = PolicyParser.parse(VALID);

        assertThat(policy.defaultRequirements()).containsExactly(new Reject());
        assertThat(policy.transports().keySet()).containsExactly("docker", "dir", "oci", "atomic", "docker-archive",
                "containers-storage", "some-future-transport");
        assertThat(docker(policy, "")).containsExactly(new InsecureAcceptAnything());
        assertThat(docker(policy, "quay.io/x")).containsExactly(new SignedBy(SignedByKeyType.GPG_KEYS,
                new KeySource.FromPath(Path.of("/etc/pki/quay.gpg")), new MatchRepository()));
        assertThat(docker(policy, "quay.io/paths")).containsExactly(new SignedBy(SignedByKeyType.SIGNED_BY_GPG_KEYS,
                new KeySource.FromPaths(List.of(Path.of("/k/1.gpg"), Path.of("k/2.gpg"))), new MatchRepoDigestOrExact()));
        assertThat(docker(policy, "quay.io/data")).containsExactly(new SignedBy(SignedByKeyType.X509_CERTIFICATES,
                new KeySource.FromData("keydata".getBytes(StandardCharsets.US_ASCII)), new ExactReference("quay.io/ref:1")));
        assertThat(docker(policy, "registry.base.test")).containsExactly(new SignedBaseLayer(new MatchRepository()));
    }

    @Test
    void parsesSigstoreTrustRootsAndRekorKeys() throws Exception {
        Policy policy = PolicyParser.parse(VALID);

        SigstoreSigned datas = (SigstoreSigned) docker(policy, "localhost:5000/datas").get(0);
        assertThat(datas.trustRoot()).isEqualTo(new SigstoreTrustRoot.PublicKeys(new KeySource.FromDatas(
                List.of("cosign".getBytes(StandardCharsets.US_ASCII), "cosign2".getBytes(StandardCharsets.US_ASCII)))));
        assertThat(datas.rekorPublicKeys()).contains(new KeySource.FromDatas(List.of("rekor".getBytes(StandardCharsets.US_ASCII))));
        assertThat(datas.signedIdentity()).isEqualTo(new RemapIdentity("localhost:5000", "quay.io/mirror"));

        SigstoreSigned fulcio = (SigstoreSigned) docker(policy, "registry.fulcio.test").get(0);
        assertThat(fulcio.trustRoot()).isEqualTo(new SigstoreTrustRoot.Fulcio(
                new KeySource.FromPath(Path.of("/etc/pki/fulcio.crt")), "https://oauth2.sigstore.dev/auth", "dev@example.com"));
        assertThat(fulcio.rekorPublicKeys()).contains(new KeySource.FromPath(Path.of("/etc/pki/rekor2.pub")));

        SigstoreSigned pki = (SigstoreSigned) docker(policy, "registry.pki.test").get(0);
        assertThat(pki.trustRoot()).isEqualTo(new SigstoreTrustRoot.Pki(new KeySource.FromPath(Path.of("/etc/pki/roots.pem")),
                Optional.of(new KeySource.FromPath(Path.of("/etc/pki/intermediates.pem"))), Optional.of("ci@example.com"),
                Optional.of("ci.example.com")));
        assertThat(pki.rekorPublicKeys()).isEmpty();
        assertThat(pki.signedIdentity()).as("default identity of sigstoreSigned").isEqualTo(new MatchRepoDigestOrExact());
    }

    @Test
    void writerOutputParsesBackToAnEqualPolicy() throws Exception {
        Policy policy = PolicyParser.parse(VALID);

        Policy again = PolicyParser.parse(PolicyWriter.write(policy));

        assertThat(again).isEqualTo(policy);
        assertThat(new String(PolicyWriter.write(again), StandardCharsets.UTF_8))
                .isEqualTo(new String(PolicyWriter.write(policy), StandardCharsets.UTF_8));
    }

    @Test
    void listsEveryErrorOfTheDocumentInOrder() {
        String broken = """
                {"default": [], "extra": 1,
                 "transports": {"dir": {"relative": [{"type": "reject"}]},
                                "docker": {"a": [{"type": "signedBy", "keyType": "nope"}]}}}
                """;

        List<PolicyError> errors = PolicyParser.check(broken.getBytes(StandardCharsets.UTF_8));

        assertThat(errors).extracting(PolicyError::path).containsExactly(
                "extra", "default", "transports.dir[\"relative\"]", "transports.docker[\"a\"][0].keyType",
                "transports.docker[\"a\"][0]");
        assertThatThrownBy(() -> PolicyParser.parse(broken))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageStartingWith("invalid policy: extra: unknown field \"extra\"")
                .hasMessageEndingWith("(and 4 more errors)");
    }

    @Test
    void reportsEveryDuplicateKeyNotOnlyTheFirst() {
        String broken = "{\"default\": [{\"type\": \"reject\"}], \"default\": [], \"transports\": "
                + "{\"docker\": {\"a\": [{\"type\": \"reject\", \"type\": \"reject\"}]}}}";

        assertThat(PolicyParser.check(broken.getBytes(StandardCharsets.UTF_8))).extracting(PolicyError::toString)
                .containsExactly("default: duplicate field \"default\"",
                        "transports.docker[\"a\"][0].type: duplicate field \"type\"");
    }

    @Test
    void acceptsAValidPolicyWithNoErrors() {
        assertThat(PolicyParser.check(VALID.getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void acceptsBase64SplitOverLinesAsGoDoes() throws Exception {
        Policy policy = PolicyParser.parse("{\"default\": [{\"type\": \"signedBy\", \"keyType\": \"GPGKeys\","
                + " \"keyData\": \"a2V5\\nZA==\"}]}");

        assertThat(((SignedBy) policy.defaultRequirements().get(0)).keys())
                .isEqualTo(new KeySource.FromData("keyd".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void errorsFromAFileNameTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("policy.json");
        Files.writeString(file, "{\"default\": []}");

        assertThatThrownBy(() -> PolicyParser.parse(file))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessage("invalid policy in \"" + file + "\": default: the list of requirements must not be empty")
                .satisfies(e -> assertThat(((InvalidPolicyException) e).source()).contains(file.toString()));
    }

    @Test
    void aMissingFileIsAClearError(@TempDir Path dir) {
        Path file = dir.resolve("absent.json");

        assertThatThrownBy(() -> PolicyFiles.load(file))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void rejectsAFileLargerThanFourMebibytes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("huge.json");
        byte[] huge = new byte[PolicyParser.MAX_POLICY_BYTES + 1];
        java.util.Arrays.fill(huge, (byte) ' ');
        Files.write(file, huge);

        assertThatThrownBy(() -> PolicyParser.parse(file)).hasMessageContaining("larger than 4194304 bytes");
        assertThatThrownBy(() -> PolicyParser.parse(huge)).hasMessageContaining("larger than 4194304 bytes");
    }

    @Test
    void defaultPathPrefersTheUserPolicyWhenItExists(@TempDir Path home) throws Exception {
        assertThat(PolicyFiles.defaultPath(Optional.of(home))).isEqualTo(Path.of("/etc/containers/policy.json"));
        Path user = home.resolve(".config/containers/policy.json");
        Files.createDirectories(user.getParent());
        Files.writeString(user, "{}");

        assertThat(PolicyFiles.defaultPath(Optional.of(home))).isEqualTo(user);
        assertThat(PolicyFiles.defaultPath(Optional.empty())).isEqualTo(Path.of("/etc/containers/policy.json"));
    }

    @Test
    void doesNotCheckScopesOfTransportsUnknownToContainersImage() throws Exception {
        Policy policy = PolicyParser.parse("{\"default\": [{\"type\": \"reject\"}], \"transports\": "
                + "{\"foo\": {\"not a/valid ::scope\": [{\"type\": \"reject\"}]}}}");

        assertThat(policy.transports().get("foo")).containsKey("not a/valid ::scope");
    }

    @Test
    void keepsRelativeKeyPathsAsWritten() throws Exception {
        Policy policy = PolicyParser.parse("{\"default\": [{\"type\": \"sigstoreSigned\", \"keyPath\": \"keys/../cosign.pub\"}]}");

        SigstoreSigned requirement = (SigstoreSigned) policy.defaultRequirements().get(0);
        assertThat(((SigstoreTrustRoot.PublicKeys) requirement.trustRoot()).keys())
                .isEqualTo(new KeySource.FromPath(Path.of("keys/../cosign.pub")));
    }
}
