package dev.vouch.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.image.ImageTransports;
import dev.vouch.policy.Policy;
import dev.vouch.policy.json.PolicyParser;
import dev.vouch.transport.ImageSource;
import dev.vouch.transport.SourceContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluator over the bundled example (examples/: an image signed by the reference implementation with a
 * throw-away key, its public key, and a tampered copy).
 */
class PolicyEvaluatorTest {
    private static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();
    private static final Path SIGNED = EXAMPLES.resolve("images/hello");
    private static final Path TAMPERED = EXAMPLES.resolve("images/hello-tampered");
    private static final String KEY = EXAMPLES.resolve("keys/example.pub.asc").toString();
    private static final String IDENTITY = "registry.example.com/vouch/hello:1.0";

    @TempDir
    static Path temp;

    @BeforeAll
    static void requireExamples() {
        assertThat(SIGNED.resolve("signature-1")).exists();
    }

    private static Verdict verdict(String policyJson, Path image) throws Exception {
        Policy policy = PolicyParser.parse(policyJson);
        try (ImageSource source = ImageTransports.standard().parseImageName("dir:" + image)
                .newImageSource(SourceContext.defaults())) {
            return new PolicyEvaluator(policy).evaluate(source);
        }
    }

    private static String signedBy(String keyField, String identity) {
        return "{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\"," + keyField + ",\"signedIdentity\":" + identity + "}";
    }

    private static String exact(String reference) {
        return "{\"type\":\"exactReference\",\"dockerReference\":\"" + reference + "\"}";
    }

    private static String scopeDefault(String requirements) {
        return "{\"default\":[{\"type\":\"reject\"}],\"transports\":{\"dir\":{\"\":[" + requirements + "]}}}";
    }

    @Test
    void acceptsTheSignedExampleAndNamesTheSigner() throws Exception {
        Verdict verdict = verdict(scopeDefault(signedBy("\"keyPath\":\"" + KEY + "\"", exact(IDENTITY))), SIGNED);
        assertThat(verdict.accepted()).isTrue();
        assertThat(verdict.scope().describe()).isEqualTo("transports.dir[\"\"]");
        SignatureOutcome signature = verdict.requirements().get(0).signatures().get(0);
        assertThat(signature.accepted()).isTrue();
        assertThat(signature.signerFingerprint()).isPresent();
        assertThat(signature.signedReference()).contains(IDENTITY);
        assertThat(signature.rejection()).isEqualTo(SignatureOutcome.Rejection.NONE);
        assertThat(verdict.manifestDigest()).isPresent();
    }

    @Test
    void rejectsTheTamperedManifestBecauseTheSignedDigestDiffers() throws Exception {
        Verdict verdict = verdict(scopeDefault(signedBy("\"keyPath\":\"" + KEY + "\"", exact(IDENTITY))), TAMPERED);
        assertThat(verdict.accepted()).isFalse();
        assertThat(verdict.summary()).contains("does not match the manifest");
        assertThat(verdict.requirements().get(0).signatures()).extracting(SignatureOutcome::rejection)
                .containsOnly(SignatureOutcome.Rejection.DIGEST_MISMATCH);
    }

    @Test
    void rejectsASignatureForAnotherIdentity() throws Exception {
        Verdict verdict = verdict(scopeDefault(signedBy("\"keyPath\":\"" + KEY + "\"",
                exact("registry.example.com/vouch/other:1.0"))), SIGNED);
        assertThat(verdict.accepted()).isFalse();
        assertThat(verdict.summary()).contains("is not accepted");
        assertThat(verdict.requirements().get(0).signatures()).extracting(SignatureOutcome::rejection)
                .containsOnly(SignatureOutcome.Rejection.IDENTITY_MISMATCH);
        assertThat(verdict.requirements().get(0).readFailure()).isEmpty();
    }

    @Test
    void rejectsIdentityMatchersThatNeedADockerReferenceOnDirImages() throws Exception {
        Verdict verdict = verdict(scopeDefault(signedBy("\"keyPath\":\"" + KEY + "\"",
                "{\"type\":\"matchRepoDigestOrExact\"}")), SIGNED);
        assertThat(verdict.accepted()).isFalse();
        assertThat(verdict.summary()).contains("Docker reference");
    }

    @Test
    void acceptsInlineKeyData() throws Exception {
        String data = Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(KEY)));
        Verdict verdict = verdict(scopeDefault(signedBy("\"keyData\":\"" + data + "\"", exact(IDENTITY))), SIGNED);
        assertThat(verdict.accepted()).isTrue();
    }

    @Test
    void aMissingKeyFileRejectsEachSignatureWithTheFileName() throws Exception {
        Verdict verdict = verdict(scopeDefault(signedBy("\"keyPath\":\"" + temp.resolve("absent.gpg") + "\"",
                exact(IDENTITY))), SIGNED);
        assertThat(verdict.accepted()).isFalse();
        assertThat(verdict.summary()).contains("absent.gpg");
    }

    @Test
    void anImageWithoutSignaturesIsRejectedBySignedByEvenWithAMissingKey() throws Exception {
        Path unsigned = copyOf(SIGNED, "unsigned");
        Files.delete(unsigned.resolve("signature-1"));
        Verdict verdict = verdict(scopeDefault(signedBy("\"keyPath\":\"/nonexistent/key.gpg\"", exact(IDENTITY))),
                unsigned);
        assertThat(verdict.accepted()).isFalse();
        assertThat(verdict.summary()).isEqualTo("a signature was required, but no signature exists");
    }

    @Test
    void everyRequirementOfTheScopeMustAccept() throws Exception {
        String both = signedBy("\"keyPath\":\"" + KEY + "\"", exact(IDENTITY)) + ",{\"type\":\"reject\"}";
        Verdict verdict = verdict(scopeDefault(both), SIGNED);
        assertThat(verdict.accepted()).isFalse();
        assertThat(verdict.requirements()).extracting(RequirementOutcome::accepted).containsExactly(true, false);
    }

    @Test
    void insecureAcceptAnythingAcceptsUnsignedImages() throws Exception {
        Verdict verdict = verdict(scopeDefault("{\"type\":\"insecureAcceptAnything\"}"), TAMPERED);
        assertThat(verdict.accepted()).isTrue();
    }

    @Test
    void theGlobalDefaultAppliesWhenNoTransportScopeMatches() throws Exception {
        Verdict verdict = verdict("{\"default\":[{\"type\":\"reject\"}],\"transports\":{\"oci\":{\"\":"
                + "[{\"type\":\"insecureAcceptAnything\"}]}}}", SIGNED);
        assertThat(verdict.accepted()).isFalse();
        assertThat(verdict.scope().isGlobalDefault()).isTrue();
    }

    @Test
    void anUnreadableSignatureRejectsTheImage() throws Exception {
        Path corrupt = copyOf(SIGNED, "corrupt");
        Files.write(corrupt.resolve("signature-2"), "not a signature".getBytes(StandardCharsets.UTF_8));
        Verdict verdict = verdict(scopeDefault(signedBy("\"keyPath\":\"" + KEY + "\"", exact(IDENTITY))), corrupt);
        assertThat(verdict.accepted()).isFalse();
        assertThat(verdict.summary()).contains("reading signatures failed");
        assertThat(verdict.requirements().get(0).readFailure()).as("not a judgement on the image").isPresent();
    }

    @Test
    void sigstoreSignedRejectsImagesWithOnlySimpleSignatures() throws Exception {
        Verdict verdict = verdict(scopeDefault("{\"type\":\"sigstoreSigned\",\"keyPath\":\"" + KEY + "\"}"), SIGNED);
        assertThat(verdict.accepted()).isFalse();
        assertThat(verdict.summary()).contains("no signature exists");
    }

    @Test
    void listsSignaturesWhoseAuthorIsAccepted() throws Exception {
        Policy policy = PolicyParser.parse(scopeDefault(signedBy("\"keyPath\":\"" + KEY + "\"", exact(IDENTITY))));
        try (ImageSource source = ImageTransports.standard().parseImageName("dir:" + SIGNED)
                .newImageSource(SourceContext.defaults())) {
            assertThat(new PolicyEvaluator(policy).signaturesWithAcceptedAuthor(source)).hasSize(1);
        }
        Policy rejecting = PolicyParser.parse(scopeDefault(signedBy("\"keyPath\":\"" + KEY + "\"", exact(IDENTITY))
                + ",{\"type\":\"reject\"}"));
        try (ImageSource source = ImageTransports.standard().parseImageName("dir:" + SIGNED)
                .newImageSource(SourceContext.defaults())) {
            assertThat(new PolicyEvaluator(rejecting).signaturesWithAcceptedAuthor(source)).isEmpty();
        }
        Policy withSigstore = PolicyParser.parse(scopeDefault(signedBy("\"keyPath\":\"" + KEY + "\"", exact(IDENTITY))
                + ",{\"type\":\"sigstoreSigned\",\"keyPath\":\"" + KEY + "\"}"));
        try (ImageSource source = ImageTransports.standard().parseImageName("dir:" + SIGNED)
                .newImageSource(SourceContext.defaults())) {
            assertThat(new PolicyEvaluator(withSigstore).signaturesWithAcceptedAuthor(source)).isEmpty();
        }
    }

    @Test
    void explainsTheVerdictInText() throws Exception {
        Verdict verdict = verdict(scopeDefault(signedBy("\"keyPath\":\"" + KEY + "\"", exact(IDENTITY))), TAMPERED);
        String text = VerdictText.explain(verdict);
        assertThat(text).contains("REJECTED").contains("policy scope: transports.dir[\"\"]")
                .contains("signature 1 (simple-signing): rejected");
    }

    private static Path copyOf(Path source, String name) throws IOException {
        Path target = temp.resolve(name);
        if (Files.exists(target)) {
            try (Stream<Path> walk = Files.walk(target)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
        }
        return target;
    }
}
