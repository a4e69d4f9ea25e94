package dev.vouch.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.policy.json.PolicyParser;
import dev.vouch.signature.sigstore.SigstoreFixtures;
import dev.vouch.transport.ImageSource;
import dev.vouch.transport.SourceContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a sigstoreSigned requirement reports problems with its own configuration and with identities. */
class SigstoreSignedEvaluationTest {
    private static final String SAMPLE = "192.168.64.2:5000/cosign-signed-single-sample";

    @TempDir
    Path temp;

    private static RequirementOutcome evaluate(String image, String identity, String requirement) throws Exception {
        String policy = "{\"default\":[" + requirement + "]}";
        DirAsDockerImage reference = new DirAsDockerImage(SigstoreFixtures.path(image), identity);
        try (ImageSource source = reference.newImageSource(SourceContext.defaults())) {
            return new PolicyEvaluator(PolicyParser.parse(policy)).evaluate(source).requirements().get(0);
        }
    }

    private static String keyPath(Path key) {
        return "{\"type\":\"sigstoreSigned\",\"keyPath\":\"" + key + "\",\"signedIdentity\":{\"type\":\"matchRepository\"}}";
    }

    @Test
    void aMissingKeyFileRejectsEachSignatureWithTheFileName() throws Exception {
        Path missing = temp.resolve("missing.pub");
        RequirementOutcome outcome = evaluate("dir-img-cosign-valid-2", SAMPLE, keyPath(missing));
        assertThat(outcome.accepted()).isFalse();
        assertThat(outcome.signatures()).hasSize(2).allSatisfy(s -> assertThat(s.reason())
                .contains(missing.toString()).contains("does not exist"));
    }

    @Test
    void anInvalidKeyFileRejectsWithTheFileName() throws Exception {
        Path invalid = Files.writeString(temp.resolve("invalid.pub"), "not a key");
        RequirementOutcome outcome = evaluate("dir-img-cosign-valid", SAMPLE, keyPath(invalid));
        assertThat(outcome.accepted()).isFalse();
        assertThat(outcome.reason()).contains(invalid.toString()).contains("no PEM block");
    }

    @Test
    void oneInvalidKeyAmongSeveralRejectsEvenIfAnotherWouldVerify() throws Exception {
        Path invalid = Files.writeString(temp.resolve("invalid.pub"), "not a key");
        String requirement = "{\"type\":\"sigstoreSigned\",\"keyPaths\":[\"" + SigstoreFixtures.path("cosign.pub")
                + "\",\"" + invalid + "\"],\"signedIdentity\":{\"type\":\"matchRepository\"}}";
        RequirementOutcome outcome = evaluate("dir-img-cosign-valid", SAMPLE, requirement);
        assertThat(outcome.accepted()).isFalse();
        assertThat(outcome.reason()).contains(invalid.toString());
    }

    @Test
    void anImageWithoutSignaturesIsRejectedEvenWithAMissingKey() throws Exception {
        RequirementOutcome outcome = evaluate("dir-img-unsigned", "testing/manifest:latest",
                keyPath(temp.resolve("missing.pub")));
        assertThat(outcome.reason()).isEqualTo("a signature was required, but no signature exists");
    }

    @Test
    void acceptsInlineKeyData() throws Exception {
        String data = Base64.getEncoder().encodeToString(SigstoreFixtures.bytes("cosign.pub"));
        String requirement = "{\"type\":\"sigstoreSigned\",\"keyDatas\":[\""
                + Base64.getEncoder().encodeToString(SigstoreFixtures.bytes("cosign2.pub")) + "\",\"" + data
                + "\"],\"signedIdentity\":{\"type\":\"matchRepository\"}}";
        RequirementOutcome outcome = evaluate("dir-img-cosign-valid", SAMPLE, requirement);
        assertThat(outcome.accepted()).as(outcome.reason()).isTrue();
        assertThat(outcome.signatures().get(0).signerFingerprint()).hasValueSatisfying(f -> assertThat(f)
                .startsWith("SHA256:"));
        assertThat(outcome.signatures().get(0).signedReference()).contains(SAMPLE);
    }

    @Test
    void theDefaultIdentityRejectsTheRepositoryOnlyIdentityCosignSigns() throws Exception {
        String requirement = "{\"type\":\"sigstoreSigned\",\"keyPath\":\"" + SigstoreFixtures.path("cosign.pub") + "\"}";
        RequirementOutcome outcome = evaluate("dir-img-cosign-valid", SAMPLE + ":latest", requirement);
        assertThat(outcome.accepted()).isFalse();
        assertThat(outcome.reason()).contains("has neither tag nor digest");
    }

    @Test
    void theDefaultIdentityAcceptsATaggedIdentityForThatTag() throws Exception {
        String requirement = "{\"type\":\"sigstoreSigned\",\"keyPath\":\"" + SigstoreFixtures.path("cosign.pub") + "\"}";
        RequirementOutcome outcome = evaluate("dir-img-cosign-valid-with-tag", "192.168.64.2:5000/skopeo-signed:tag",
                requirement);
        assertThat(outcome.accepted()).as(outcome.reason()).isTrue();
    }
}
