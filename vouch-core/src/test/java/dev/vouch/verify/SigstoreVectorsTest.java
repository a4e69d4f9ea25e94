package dev.vouch.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.vouch.policy.InvalidPolicyException;
import dev.vouch.policy.Policy;
import dev.vouch.policy.json.PolicyParser;
import dev.vouch.reference.ImageReference;
import dev.vouch.signature.UntrustedSigstoreSignature;
import dev.vouch.signature.sigstore.SigstoreFixtures;
import dev.vouch.transport.ImageSource;
import dev.vouch.transport.SourceContext;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every row of the table of expected decisions published with the containers/image sigstore vectors
 * (src/test/resources/signature/sigstore/README.vectors.md): each {@code dir-img-*} image is evaluated as the docker
 * image of the "identity" column, under a policy whose only accepting scope is that identity's repository.
 */
class SigstoreVectorsTest {
    private static final String SAMPLE = "192.168.64.2:5000/cosign-signed-single-sample";
    private static final String KEY_1 = "192.168.64.2:5000/cosign-signed/key-1";
    private static final String FULCIO_1 = "192.168.64.2:5000/cosign-signed/fulcio-rekor-1";
    private static final String COSIGN = key("cosign.pub");
    private static final String COSIGN2 = key("cosign2.pub");
    private static final String REKOR = key("rekor.pub");
    private static final String REPOSITORY = "{\"type\":\"matchRepository\"}";
    private static final String EXACT = "{\"type\":\"matchExact\"}";

    @TempDir
    static Path temp;

    private static String key(String name) {
        return "\"" + SigstoreFixtures.path(name) + "\"";
    }

    private static String keyPath(String key, String identity) {
        return "{\"type\":\"sigstoreSigned\",\"keyPath\":" + key + ",\"signedIdentity\":" + identity + "}";
    }

    private static String keyRekor(String keys, String rekor) {
        return "{\"type\":\"sigstoreSigned\"," + keys + "," + rekor + ",\"signedIdentity\":" + REPOSITORY + "}";
    }

    private static String fulcio(String email, String issuer) {
        return "{\"type\":\"sigstoreSigned\",\"fulcio\":{\"caPath\":" + key("fulcio_v1.crt.pem") + ",\"oidcIssuer\":\""
                + issuer + "\",\"subjectEmail\":\"" + email + "\"},\"rekorPublicKeyPath\":" + REKOR
                + ",\"signedIdentity\":" + REPOSITORY + "}";
    }

    private static final String FULCIO = fulcio("mitr@redhat.com", "https://github.com/login/oauth");
    private static final String PKI = "{\"type\":\"sigstoreSigned\",\"pki\":{\"caRootsPath\":" + key("pki_root_crts.pem")
            + ",\"caIntermediatesPath\":" + key("pki_intermediate_crts.pem")
            + ",\"subjectEmail\":\"qiwan@redhat.com\",\"subjectHostname\":\"myhost.example.com\"},"
            + "\"signedIdentity\":" + REPOSITORY + "}";

    static Stream<Arguments> table() {
        return Stream.of(
                arguments("dir-img-cosign-valid", SAMPLE, keyPath(COSIGN, REPOSITORY), true, "signed by the public key"),
                arguments("dir-img-cosign-valid", SAMPLE, keyPath(COSIGN2, REPOSITORY), false,
                        "cryptographic signature verification failed"),
                arguments("dir-img-cosign-valid", "testing/manifest:notlatest", keyPath(COSIGN, REPOSITORY), false,
                        "is not accepted"),
                arguments("dir-img-cosign-valid", SAMPLE, keyPath(COSIGN, EXACT), false, "is not accepted"),
                arguments("dir-img-cosign-valid-2", SAMPLE, keyPath(COSIGN, REPOSITORY), true, "signed by"),
                arguments("dir-img-cosign-valid-2", "this/does-not:match", keyPath(COSIGN, REPOSITORY), false,
                        "none of the 2 signatures was accepted"),
                arguments("dir-img-cosign-mixed", SAMPLE, keyPath(COSIGN, REPOSITORY), true, "signed by"),
                arguments("dir-img-cosign-valid-with-tag", "192.168.64.2:5000/skopeo-signed:tag", keyPath(COSIGN, EXACT),
                        true, "signed by"),
                arguments("dir-img-cosign-valid-with-tag", "192.168.64.2:5000/skopeo-signed:othertag",
                        keyPath(COSIGN, EXACT), false, "is not accepted"),
                arguments("dir-img-cosign-modified-manifest", SAMPLE, keyPath(COSIGN, REPOSITORY), false,
                        "does not match the manifest"),
                arguments("dir-img-cosign-manifest-digest-error", SAMPLE, keyPath(COSIGN, REPOSITORY), false,
                        "does not match the manifest"),
                arguments("dir-img-cosign-no-manifest", SAMPLE, keyPath(COSIGN, REPOSITORY), false, "manifest"),
                arguments("dir-img-cosign-other-attachment", "testing/manifest:latest", keyPath(COSIGN, REPOSITORY),
                        false, "no signature exists (0 non-sigstore signatures, 1 sigstore non-signature attachments)"),
                arguments("dir-img-unsigned", "testing/manifest:latest", keyPath(COSIGN, REPOSITORY), false,
                        "a signature was required, but no signature exists"),
                arguments("dir-img-valid", "testing/manifest:latest", keyPath(COSIGN, REPOSITORY), false,
                        "no signature exists (1 non-sigstore signatures, 0 sigstore non-signature attachments)"),
                arguments("dir-img-cosign-key-rekor-valid", KEY_1,
                        keyRekor("\"keyPath\":" + COSIGN2, "\"rekorPublicKeyPath\":" + REKOR), true, "signed by"),
                arguments("dir-img-cosign-key-rekor-valid", KEY_1,
                        keyRekor("\"keyPaths\":[" + COSIGN2 + "," + COSIGN + "]", "\"rekorPublicKeyPath\":" + REKOR),
                        true, "signed by public key 1"),
                arguments("dir-img-cosign-key-rekor-valid", KEY_1,
                        keyRekor("\"keyPaths\":[" + COSIGN + "," + COSIGN2 + "]", "\"rekorPublicKeyPath\":" + REKOR),
                        true, "signed by public key 2"),
                arguments("dir-img-cosign-key-rekor-valid", KEY_1,
                        keyRekor("\"keyPath\":" + COSIGN2, "\"rekorPublicKeyPaths\":[" + COSIGN + "," + REKOR + "]"),
                        true, "signed by"),
                arguments("dir-img-cosign-key-rekor-valid", KEY_1,
                        keyRekor("\"keyPath\":" + COSIGN2, "\"rekorPublicKeyPath\":" + COSIGN), false,
                        "cryptographic signature verification of the Rekor SET failed"),
                arguments("dir-img-cosign-fulcio-rekor-valid", FULCIO_1, FULCIO, true,
                        "signed by Fulcio certificate for mitr@redhat.com"),
                arguments("dir-img-cosign-fulcio-rekor-valid", FULCIO_1,
                        fulcio("someone-else@redhat.com", "https://github.com/login/oauth"), false,
                        "required email \"someone-else@redhat.com\" not found"),
                arguments("dir-img-cosign-fulcio-rekor-valid", FULCIO_1,
                        fulcio("mitr@redhat.com", "https://accounts.google.com"), false,
                        "unexpected Fulcio OIDC issuer \"https://github.com/login/oauth\""),
                arguments("dir-img-cosign-pki-valid", "localhost:5000/test", PKI, true,
                        "signed by certificate for qiwan@redhat.com / myhost.example.com"));
    }

    @ParameterizedTest(name = "{0} as {1}: {3}")
    @MethodSource("table")
    void decidesAsThePublishedTable(String image, String identity, String requirement, boolean accepted, String reason)
            throws Exception {
        Verdict verdict = evaluate(SigstoreFixtures.path(image), identity, requirement);
        assertThat(verdict.accepted()).as(verdict.summary()).isEqualTo(accepted);
        assertThat(verdict.requirements().get(0).reason() + " / "
                + verdict.requirements().get(0).signatures()).contains(reason);
    }

    static Stream<Arguments> brokenAnnotations() {
        String key = keyRekor("\"keyPath\":" + COSIGN2, "\"rekorPublicKeyPath\":" + REKOR);
        Consumer<Map<String, String>> noBundle = a -> a.remove(UntrustedSigstoreSignature.BUNDLE_ANNOTATION);
        Consumer<Map<String, String>> garbageBundle = a -> a.put(UntrustedSigstoreSignature.BUNDLE_ANNOTATION, "{garbage");
        Consumer<Map<String, String>> noCertificate = a -> a.remove(UntrustedSigstoreSignature.CERTIFICATE_ANNOTATION);
        Consumer<Map<String, String>> noChain = a -> a.remove(UntrustedSigstoreSignature.CHAIN_ANNOTATION);
        return Stream.of(
                arguments("dir-img-cosign-key-rekor-valid", KEY_1, key, noBundle, "missing dev.sigstore.cosign/bundle"),
                arguments("dir-img-cosign-key-rekor-valid", KEY_1, key, garbageBundle, "not valid JSON"),
                arguments("dir-img-cosign-fulcio-rekor-valid", FULCIO_1, FULCIO, noBundle,
                        "missing dev.sigstore.cosign/bundle"),
                arguments("dir-img-cosign-fulcio-rekor-valid", FULCIO_1, FULCIO, noCertificate,
                        "missing dev.sigstore.cosign/certificate"),
                arguments("dir-img-cosign-fulcio-rekor-valid", FULCIO_1, FULCIO, noChain,
                        "verifying the leaf certificate failed"));
    }

    @ParameterizedTest(name = "{0} with {4}")
    @MethodSource("brokenAnnotations")
    void rejectsSignaturesWithMissingOrBrokenAnnotations(String image, String identity, String requirement,
                                                        Consumer<Map<String, String>> edit, String reason)
            throws Exception {
        Path copy = SigstoreFixtures.imageWithAnnotations(image, temp.resolve(image + "-" + reason.hashCode()), edit);
        Verdict verdict = evaluate(copy, identity, requirement);
        assertThat(verdict.accepted()).isFalse();
        assertThat(verdict.requirements().get(0).reason()).contains(reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "\"keyPath\":%COSIGN%,\"fulcio\":%FULCIO%,\"rekorPublicKeyPath\":%REKOR%",
        "\"fulcio\":%FULCIO%,\"pki\":%PKI%,\"rekorPublicKeyPath\":%REKOR%"})
    void rejectsPoliciesThatCombineTrustRoots(String fields) {
        String fulcio = "{\"caPath\":" + key("fulcio_v1.crt.pem")
                + ",\"oidcIssuer\":\"https://github.com/login/oauth\",\"subjectEmail\":\"mitr@redhat.com\"}";
        String pki = "{\"caRootsPath\":" + key("pki_root_crts.pem") + ",\"subjectEmail\":\"qiwan@redhat.com\"}";
        String requirement = "{\"type\":\"sigstoreSigned\"," + fields.replace("%COSIGN%", COSIGN)
                .replace("%FULCIO%", fulcio).replace("%PKI%", pki).replace("%REKOR%", REKOR) + "}";
        assertThatThrownBy(() -> PolicyParser.parse(policy(SAMPLE, requirement)))
                .isInstanceOf(InvalidPolicyException.class);
    }

    @org.junit.jupiter.api.Test
    void rejectsEverySignatureWhenPkiIsCombinedWithARekorKey() throws Exception {
        String requirement = PKI.replace("\"signedIdentity\"", "\"rekorPublicKeyPath\":" + REKOR + ",\"signedIdentity\"");
        Verdict verdict = evaluate(SigstoreFixtures.path("dir-img-cosign-pki-valid"), "localhost:5000/test", requirement);
        assertThat(verdict.accepted()).isFalse();
        assertThat(verdict.requirements().get(0).reason()).contains("pki cannot be combined with a Rekor public key");
    }

    private static String policy(String identity, String requirement) {
        String scope = ImageReference.parse(identity).name();
        return "{\"default\":[{\"type\":\"reject\"}],\"transports\":{\"docker\":{\"" + scope + "\":[" + requirement
                + "]}}}";
    }

    private static Verdict evaluate(Path image, String identity, String requirement) throws Exception {
        Policy policy = PolicyParser.parse(policy(identity, requirement));
        DirAsDockerImage reference = new DirAsDockerImage(image, identity);
        try (ImageSource source = reference.newImageSource(SourceContext.defaults())) {
            Verdict verdict = new PolicyEvaluator(policy).evaluate(source);
            assertThat(verdict.scope().scope()).contains(ImageReference.parse(identity).name());
            return verdict;
        }
    }
}
