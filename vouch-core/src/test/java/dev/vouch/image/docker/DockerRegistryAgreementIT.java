package dev.vouch.image.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.image.ImageTransports;
import dev.vouch.policy.json.PolicyFiles;
import dev.vouch.testing.registry.RegistryFixture;
import dev.vouch.testing.registry.Skopeo;
import dev.vouch.testing.registry.Skopeo.Decision;
import dev.vouch.transport.ImageSource;
import dev.vouch.transport.SourceContext;
import dev.vouch.transport.TransportReference;
import dev.vouch.verify.PolicyEvaluator;
import dev.vouch.verify.Verdict;
import dev.vouch.verify.VerdictText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * vouch's decision on images in real registries ({@code docker-registry}) agrees with skopeo's
 * ({@code skopeo --policy P copy docker://... dir:...}) for tags and digests, signed and unsigned images, the wrong
 * key, a moved tag, file and HTTP lookaside stores, basic auth ({@code --creds}, an auth file), TLS with a
 * certificate directory, and token auth.
 */
class DockerRegistryAgreementIT {
    @TempDir
    static Path work;
    static RegistryFixture fixture;

    @BeforeAll
    static void startRegistries() throws Exception {
        fixture = RegistryFixture.start(work);
        otherKeyFile = Files.write(work.resolve("other-key.gpg"), fixture.gpg.exportPublicKeys(fixture.otherKey));
        pushSeveralSignaturesAndReplays();
    }

    /**
     * Images with several signatures, and signatures replayed from {@code signed:v1} onto other images:
     * <ul>
     *   <li>{@code multi/badfirst:v1}: a signature by the other key, then one by the trusted key;</li>
     *   <li>{@code multi/goodfirst:v1}: a signature by the trusted key, then one by the same key for another
     *       manifest;</li>
     *   <li>{@code multi/garbage:v1}: a signature by the trusted key, then bytes in no signature format;</li>
     *   <li>{@code multi/twokeys:v1}: signatures by the trusted key and by the other key;</li>
     *   <li>{@code replay/digest:v1}: another image, with {@code signed:v1}'s signature file copied to it;</li>
     *   <li>{@code replay/repo:v1}: the same manifest as {@code signed:v1} in another repository, with its
     *       signature copied;</li>
     *   <li>{@code signed:v2}: the same manifest under another tag (the lookaside path is per digest, so the
     *       signature for {@code signed:v1} is found for it).</li>
     * </ul>
     */
    private static void pushSeveralSignaturesAndReplays() throws IOException {
        String host = fixture.plain.hostPort();
        byte[] signedSignature = Files.readAllBytes(fixture.signatureFile("signed",
                fixture.digests.get(host + "/signed:v1"), 1));
        String badFirst = fixture.push(fixture.plain, "multi/badfirst:v1", "multi-badfirst", Optional.empty(),
                List.of());
        fixture.appendSignature("multi/badfirst", badFirst, fixture.standaloneSignature("multi-badfirst",
                host + "/multi/badfirst:v1", fixture.otherKey));
        fixture.appendSignature("multi/badfirst", badFirst, fixture.standaloneSignature("multi-badfirst",
                host + "/multi/badfirst:v1", fixture.trustedKey));
        String goodFirst = fixture.push(fixture.plain, "multi/goodfirst:v1", "multi-goodfirst",
                Optional.of(fixture.trustedKey), List.of());
        fixture.appendSignature("multi/goodfirst", goodFirst, fixture.standaloneSignature("another-manifest",
                host + "/multi/goodfirst:v1", fixture.trustedKey));
        String garbage = fixture.push(fixture.plain, "multi/garbage:v1", "multi-garbage",
                Optional.of(fixture.trustedKey), List.of());
        fixture.appendSignature("multi/garbage", garbage,
                "this is not an OpenPGP message".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String twoKeys = fixture.push(fixture.plain, "multi/twokeys:v1", "multi-twokeys",
                Optional.of(fixture.trustedKey), List.of());
        fixture.appendSignature("multi/twokeys", twoKeys, fixture.standaloneSignature("multi-twokeys",
                host + "/multi/twokeys:v1", fixture.otherKey));
        String replayDigest = fixture.push(fixture.plain, "replay/digest:v1", "replay-digest", Optional.empty(),
                List.of());
        fixture.appendSignature("replay/digest", replayDigest, signedSignature);
        String replayRepo = fixture.push(fixture.plain, "replay/repo:v1", "signed", Optional.empty(), List.of());
        fixture.appendSignature("replay/repo", replayRepo, signedSignature);
        String otherTag = fixture.push(fixture.plain, "signed:v2", "signed", Optional.empty(), List.of());
        assertThat(otherTag).isEqualTo(fixture.digests.get(host + "/signed:v1"));
        if (!Files.exists(fixture.signatureFile("signed", otherTag, 1))) {
            fixture.appendSignature("signed", otherTag, signedSignature);
        }
        assertThat(Files.readAllBytes(fixture.signatureFile("signed", otherTag, 1))).isEqualTo(signedSignature);
        assertThat(Files.exists(fixture.signatureFile("signed", otherTag, 2))).isFalse();
    }

    /** The public key of the fixture's other signer (the one that signed {@code wrongkey:v1}). */
    static Path otherKeyFile;

    @AfterAll
    static void stopRegistries() {
        if (fixture != null) {
            fixture.close();
        }
    }

    /**
     * One case: the image (from the fixture), the policy and registries.d, the options as skopeo names them (with
     * {@code src-}) and the same settings for vouch, and the expected decision.
     */
    record Row(String name, Function<RegistryFixture, String> image, boolean signedByPolicy, boolean httpLookaside,
               Function<RegistryFixture, List<String>> skopeoOptions,
               Function<RegistryFixture, Function<SourceContext, SourceContext>> vouchOptions, Decision expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final Function<RegistryFixture, List<String>> INSECURE = f -> List.of("--src-tls-verify=false");
    static final Function<RegistryFixture, Function<SourceContext, SourceContext>> VOUCH_INSECURE =
            f -> c -> c.withTlsVerify(false);

    static Stream<Arguments> rows() {
        List<Row> rows = new ArrayList<>();
        for (boolean http : List.of(false, true)) {
            String store = http ? " (http lookaside)" : " (file lookaside)";
            rows.add(new Row("signed image by tag is accepted" + store, f -> plain(f, "signed:v1"), true, http,
                    INSECURE, VOUCH_INSECURE, Decision.ACCEPTED));
            rows.add(new Row("signed image by digest is accepted" + store, f -> plainDigest(f, "signed:v1"), true,
                    http, INSECURE, VOUCH_INSECURE, Decision.ACCEPTED));
            rows.add(new Row("unsigned image is rejected" + store, f -> plain(f, "unsigned:v1"), true, http,
                    INSECURE, VOUCH_INSECURE, Decision.REJECTED));
            rows.add(new Row("image signed by another key is rejected" + store, f -> plain(f, "wrongkey:v1"), true,
                    http, INSECURE, VOUCH_INSECURE, Decision.REJECTED));
            rows.add(new Row("moved tag is rejected" + store, f -> plain(f, "moved:v1"), true, http, INSECURE,
                    VOUCH_INSECURE, Decision.REJECTED));
            rows.add(new Row("digest of the signed image behind a moved tag is accepted" + store,
                    f -> "docker://" + f.plain.hostPort() + "/moved@" + f.movedSignedDigest, true, http, INSECURE,
                    VOUCH_INSECURE, Decision.ACCEPTED));
        }
        rows.add(new Row("unsigned image under insecureAcceptAnything is accepted", f -> plain(f, "unsigned:v1"),
                false, false, INSECURE, VOUCH_INSECURE, Decision.ACCEPTED));
        rows.add(new Row("basic auth with --creds", f -> "docker://" + f.basic.hostPort() + "/basic/app:v1", true,
                false, f -> List.of("--src-tls-verify=false", "--src-creds", RegistryFixture.USER + ":"
                + RegistryFixture.PASSWORD), f -> c -> c.withTlsVerify(false).withCredentials(RegistryFixture.USER + ":"
                + RegistryFixture.PASSWORD), Decision.ACCEPTED));
        rows.add(new Row("basic auth with an auth file", f -> "docker://" + f.basic.hostPort() + "/basic/app:v1",
                true, true, f -> List.of("--src-tls-verify=false", "--src-authfile", f.authFile.toString()),
                f -> c -> c.withTlsVerify(false).withAuthFile(f.authFile), Decision.ACCEPTED));
        rows.add(new Row("TLS with a certificate directory", f -> "docker://" + f.tls.hostPort() + "/tls/app:v1",
                true, false, f -> List.of("--src-cert-dir", f.certDirectory.toString()),
                f -> c -> c.withCertDirectory(f.certDirectory), Decision.ACCEPTED));
        rows.add(new Row("TLS without verification", f -> "docker://" + f.tls.hostPort() + "/tls/app:v1", true,
                true, INSECURE, VOUCH_INSECURE, Decision.ACCEPTED));
        rows.add(new Row("token auth with --creds", f -> "docker://" + f.token.hostPort() + "/token/app:v1", true,
                false, f -> List.of("--src-tls-verify=false", "--src-creds", RegistryFixture.USER + ":"
                + RegistryFixture.PASSWORD), f -> c -> c.withTlsVerify(false).withCredentials(RegistryFixture.USER
                + ":" + RegistryFixture.PASSWORD), Decision.ACCEPTED));
        rows.add(new Row("token auth with an auth file keyed by namespace",
                f -> "docker://" + f.token.hostPort() + "/token/app:v1", true, true,
                f -> List.of("--src-tls-verify=false", "--src-authfile", f.authFile.toString()),
                f -> c -> c.withTlsVerify(false).withAuthFile(f.authFile), Decision.ACCEPTED));
        rows.add(new Row("replayed signature of another image is rejected (http lookaside)",
                f -> plain(f, "replay/digest:v1"), true, true, INSECURE, VOUCH_INSECURE, Decision.REJECTED));
        rows.add(new Row("two signatures, the untrusted one first, accepted (http lookaside)",
                f -> plain(f, "multi/badfirst:v1"), true, true, INSECURE, VOUCH_INSECURE, Decision.ACCEPTED));
        rows.add(new Row("token auth, unsigned image is rejected",
                f -> "docker://" + f.token.hostPort() + "/token/unsigned:v1", true, false,
                f -> List.of("--src-tls-verify=false", "--src-authfile", f.authFile.toString()),
                f -> c -> c.withTlsVerify(false).withAuthFile(f.authFile), Decision.REJECTED));
        return rows.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void vouchAgreesWithSkopeo(Row row) throws IOException {
        String image = row.image().apply(fixture);
        Path policy = row.signedByPolicy() ? fixture.signedByPolicy : fixture.acceptAnythingPolicy;
        Path registriesDirectory = row.httpLookaside() ? fixture.httpRegistriesDirectory
                : fixture.fileRegistriesDirectory;
        Skopeo.Outcome reference = fixture.skopeo.decide(policy, registriesDirectory, image,
                row.skopeoOptions().apply(fixture), Files.createTempDirectory(work, "copy"));
        assertThat(reference.decision()).as("skopeo: %s", reference.stderr()).isEqualTo(row.expected());

        SourceContext context = row.vouchOptions().apply(fixture).apply(SourceContext.defaults()
                .withHomeDirectory(fixture.home, false).withRegistriesDirectory(registriesDirectory));
        TransportReference reference1 = ImageTransports.standard().parseImageName(image);
        Verdict verdict;
        try (ImageSource source = reference1.newImageSource(context)) {
            verdict = new PolicyEvaluator(PolicyFiles.load(policy)).evaluate(source);
        } catch (Exception e) {
            throw new AssertionError("vouch failed on " + image, e);
        }
        Decision vouch = verdict.accepted() ? Decision.ACCEPTED : Decision.REJECTED;
        assertThat(vouch).as("vouch: %s", VerdictText.explain(verdict)).isEqualTo(reference.decision());
        if (vouch == Decision.REJECTED) {
            assertThat(VerdictText.explain(verdict)).as("a rejection for the policy's reason, not a failure")
                    .doesNotContain("failed").doesNotContain("reading " + image);
        }
    }

    /**
     * A policy variation on the plain registry (file lookaside): the policy text is built per row from the
     * registry's host:port and the trusted key, so scopes with ports, namespaces, wildcards and every identity
     * matcher are compared with skopeo on real signed images.
     */
    record PolicyRow(String name, Function<RegistryFixture, String> image,
                     BiFunction<String, String, String> policy, Decision expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** {"default":[reject], docker: {SCOPE: [signedBy trusted key, IDENTITY]}}. */
    private static BiFunction<String, String, String> scoped(Function<String, String> scope, String identity) {
        return (hostPort, key) -> "{\"default\":[{\"type\":\"reject\"}],\"transports\":{\"docker\":{\""
                + scope.apply(hostPort) + "\":[{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\",\"keyPath\":\""
                + key + "\"" + (identity.isEmpty() ? "" : ",\"signedIdentity\":" + identity) + "}]}}}";
    }

    private static String identity(String type) {
        return "{\"type\":\"" + type + "\"}";
    }

    static Stream<Arguments> policyRows() {
        Function<String, String> host = hostPort -> hostPort;
        Function<String, String> repo = hostPort -> hostPort + "/signed";
        List<PolicyRow> rows = new ArrayList<>();
        rows.add(new PolicyRow("host:port scope accepts a signed image", f -> plain(f, "signed:v1"),
                scoped(host, ""), Decision.ACCEPTED));
        rows.add(new PolicyRow("repository scope accepts a signed image", f -> plain(f, "signed:v1"),
                scoped(repo, ""), Decision.ACCEPTED));
        rows.add(new PolicyRow("exact tag scope accepts the signed tag", f -> plain(f, "signed:v1"),
                scoped(hostPort -> hostPort + "/signed:v1", ""), Decision.ACCEPTED));
        rows.add(new PolicyRow("a tag scope does not apply to the digest reference", f -> plainDigest(f, "signed:v1"),
                scoped(hostPort -> hostPort + "/signed:v1", ""), Decision.REJECTED));
        rows.add(new PolicyRow("host without port does not match a host:port image", f -> plain(f, "signed:v1"),
                scoped(hostPort -> hostPort.substring(0, hostPort.indexOf(':')), ""), Decision.REJECTED));
        rows.add(new PolicyRow("wildcard scope built from the host without port", f -> plain(f, "signed:v1"),
                scoped(hostPort -> "*.0.1", ""), Decision.ACCEPTED));
        rows.add(new PolicyRow("another repository's scope does not apply", f -> plain(f, "signed:v1"),
                scoped(hostPort -> hostPort + "/other", ""), Decision.REJECTED));
        rows.add(new PolicyRow("a repository scope rejects an unsigned image", f -> plain(f, "unsigned:v1"),
                scoped(hostPort -> hostPort + "/unsigned", ""), Decision.REJECTED));
        rows.add(new PolicyRow("matchExact accepts the signed tag", f -> plain(f, "signed:v1"),
                scoped(host, identity("matchExact")), Decision.ACCEPTED));
        rows.add(new PolicyRow("matchExact rejects the digest reference of a tag signature",
                f -> plainDigest(f, "signed:v1"), scoped(host, identity("matchExact")), Decision.REJECTED));
        rows.add(new PolicyRow("matchRepoDigestOrExact accepts the digest reference", f -> plainDigest(f, "signed:v1"),
                scoped(host, identity("matchRepoDigestOrExact")), Decision.ACCEPTED));
        rows.add(new PolicyRow("matchRepository accepts the signed tag", f -> plain(f, "signed:v1"),
                scoped(host, identity("matchRepository")), Decision.ACCEPTED));
        rows.add(new PolicyRow("a moved tag has no signature for its new digest, whatever the matcher",
                f -> plain(f, "moved:v1"), scoped(host, identity("matchRepository")), Decision.REJECTED));
        rows.add(new PolicyRow("exactReference to the signed tag accepts", f -> plain(f, "signed:v1"),
                (hostPort, key) -> scoped(host, "{\"type\":\"exactReference\",\"dockerReference\":\"" + hostPort
                        + "/signed:v1\"}").apply(hostPort, key), Decision.ACCEPTED));
        rows.add(new PolicyRow("exactReference to another tag rejects", f -> plain(f, "signed:v1"),
                (hostPort, key) -> scoped(host, "{\"type\":\"exactReference\",\"dockerReference\":\"" + hostPort
                        + "/signed:v2\"}").apply(hostPort, key), Decision.REJECTED));
        rows.add(new PolicyRow("exactRepository of the signed repository accepts", f -> plain(f, "signed:v1"),
                (hostPort, key) -> scoped(host, "{\"type\":\"exactRepository\",\"dockerRepository\":\"" + hostPort
                        + "/signed\"}").apply(hostPort, key), Decision.ACCEPTED));
        rows.add(new PolicyRow("exactRepository of another repository rejects", f -> plain(f, "signed:v1"),
                (hostPort, key) -> scoped(host, "{\"type\":\"exactRepository\",\"dockerRepository\":\""
                        + hostPort + "/other\"}").apply(hostPort, key), Decision.REJECTED));
        rows.add(new PolicyRow("remapIdentity from a mirror prefix to the signed repository accepts",
                f -> plain(f, "signed:v1"),
                (hostPort, key) -> scoped(host, "{\"type\":\"remapIdentity\",\"prefix\":\"" + hostPort
                        + "/signed\",\"signedPrefix\":\"" + hostPort + "/signed\"}").apply(hostPort, key),
                Decision.ACCEPTED));
        rows.add(new PolicyRow("remapIdentity to another signed prefix rejects", f -> plain(f, "signed:v1"),
                (hostPort, key) -> scoped(host, "{\"type\":\"remapIdentity\",\"prefix\":\"" + hostPort
                        + "/signed\",\"signedPrefix\":\"quay.io/elsewhere\"}").apply(hostPort, key),
                Decision.REJECTED));
        rows.add(new PolicyRow("signedBy together with insecureAcceptAnything accepts a signed image",
                f -> plain(f, "signed:v1"), (hostPort, key) -> requirements(hostPort, signedBy(key)
                + ",{\"type\":\"insecureAcceptAnything\"}"), Decision.ACCEPTED));
        rows.add(new PolicyRow("signedBy together with reject rejects a signed image", f -> plain(f, "signed:v1"),
                (hostPort, key) -> requirements(hostPort, signedBy(key) + ",{\"type\":\"reject\"}"),
                Decision.REJECTED));
        rows.add(new PolicyRow("a rejecting repository scope overrides an accepting host scope",
                f -> plain(f, "signed:v1"), (hostPort, key) -> "{\"default\":[{\"type\":\"reject\"}],"
                + "\"transports\":{\"docker\":{\"" + hostPort + "\":[" + signedBy(key) + "],\"" + hostPort
                + "/signed\":[{\"type\":\"reject\"}]}}}", Decision.REJECTED));
        rows.add(new PolicyRow("insecureAcceptAnything for the host accepts an unsigned image",
                f -> plain(f, "unsigned:v1"), (hostPort, key) -> requirements(hostPort,
                "{\"type\":\"insecureAcceptAnything\"}"), Decision.ACCEPTED));
        rows.add(new PolicyRow("keyPaths with the other signer's key accepts its image", f -> plain(f, "wrongkey:v1"),
                (hostPort, key) -> requirements(hostPort, "{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\","
                        + "\"keyPaths\":[\"" + key + "\",\"" + otherKeyFile + "\"]}"), Decision.ACCEPTED));
        rows.add(new PolicyRow("keyData with the trusted key accepts a signed image", f -> plain(f, "signed:v1"),
                (hostPort, key) -> requirements(hostPort, "{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\","
                        + "\"keyData\":\"" + base64(key) + "\"}"), Decision.ACCEPTED));
        rows.add(new PolicyRow("keyType signedByGPGKeys is not implemented and rejects", f -> plain(f, "signed:v1"),
                (hostPort, key) -> requirements(hostPort, "{\"type\":\"signedBy\",\"keyType\":\"signedByGPGKeys\","
                        + "\"keyPath\":\"" + key + "\"}"), Decision.REJECTED));
        rows.add(new PolicyRow("sigstoreSigned rejects an image with simple signatures only",
                f -> plain(f, "signed:v1"), (hostPort, key) -> requirements(hostPort,
                "{\"type\":\"sigstoreSigned\",\"keyPath\":\"" + key + "\"}"), Decision.REJECTED));
        rows.add(new PolicyRow("the docker transport's default scope applies", f -> plain(f, "signed:v1"),
                scoped(hostPort -> "", ""), Decision.ACCEPTED));
        rows.add(new PolicyRow("the global default applies without transports", f -> plain(f, "signed:v1"),
                (hostPort, key) -> "{\"default\":[" + signedBy(key) + "]}", Decision.ACCEPTED));
        rows.add(new PolicyRow("matchExact rejects an image signed by a key that is not trusted",
                f -> plain(f, "wrongkey:v1"), scoped(repo, identity("matchExact")), Decision.REJECTED));
        rows.add(new PolicyRow("the signed digest behind a moved tag is accepted by matchRepoDigestOrExact",
                f -> "docker://" + f.plain.hostPort() + "/moved@" + f.movedSignedDigest,
                scoped(host, identity("matchRepoDigestOrExact")), Decision.ACCEPTED));
        rows.add(new PolicyRow("exactReference ignores the image: the digest reference is accepted",
                f -> plainDigest(f, "signed:v1"), (hostPort, key) -> scoped(host,
                "{\"type\":\"exactReference\",\"dockerReference\":\"" + hostPort + "/signed:v1\"}")
                .apply(hostPort, key), Decision.ACCEPTED));
        severalSignatureRows(rows);
        replayedSignatureRows(rows);
        return rows.stream().map(Arguments::of);
    }

    private static void severalSignatureRows(List<PolicyRow> rows) {
        Function<String, String> host = hostPort -> hostPort;
        rows.add(new PolicyRow("a signature by another key, then a trusted one: accepted",
                f -> plain(f, "multi/badfirst:v1"), scoped(host, ""), Decision.ACCEPTED));
        rows.add(new PolicyRow("a signature by another key, then a trusted one, by digest: accepted",
                f -> plainDigest(f, "multi/badfirst:v1"), scoped(host, ""), Decision.ACCEPTED));
        rows.add(new PolicyRow("a trusted signature, then a trusted one for another manifest: accepted",
                f -> plain(f, "multi/goodfirst:v1"), scoped(host, ""), Decision.ACCEPTED));
        rows.add(new PolicyRow("a trusted signature, then bytes in no signature format: the image is rejected",
                f -> plain(f, "multi/garbage:v1"), scoped(host, ""), Decision.REJECTED));
        rows.add(new PolicyRow("a signature by an untrusted key and one for another manifest: rejected",
                f -> plain(f, "multi/goodfirst:v1"), (hostPort, key) -> requirements(hostPort,
                signedBy(otherKeyFile.toString())), Decision.REJECTED));
        rows.add(new PolicyRow("signatures by two keys, keyPaths with both: accepted",
                f -> plain(f, "multi/twokeys:v1"), (hostPort, key) -> requirements(hostPort,
                "{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\",\"keyPaths\":[\"" + key + "\",\""
                        + otherKeyFile + "\"]}"), Decision.ACCEPTED));
        rows.add(new PolicyRow("signatures by two keys, keyPath of the second signer only: accepted",
                f -> plain(f, "multi/twokeys:v1"), (hostPort, key) -> requirements(hostPort,
                signedBy(otherKeyFile.toString())), Decision.ACCEPTED));
        rows.add(new PolicyRow("signatures by two keys, one signedBy requirement per key: accepted",
                f -> plain(f, "multi/twokeys:v1"), (hostPort, key) -> requirements(hostPort,
                signedBy(key) + "," + signedBy(otherKeyFile.toString())), Decision.ACCEPTED));
        rows.add(new PolicyRow("one signature, one signedBy requirement per key: rejected",
                f -> plain(f, "signed:v1"), (hostPort, key) -> requirements(hostPort,
                signedBy(key) + "," + signedBy(otherKeyFile.toString())), Decision.REJECTED));
        rows.add(new PolicyRow("signatures by two keys, keyPaths with both and matchExact: accepted",
                f -> plain(f, "multi/twokeys:v1"), (hostPort, key) -> requirements(hostPort,
                "{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\",\"keyPaths\":[\"" + otherKeyFile + "\",\""
                        + key + "\"],\"signedIdentity\":{\"type\":\"matchExact\"}}"), Decision.ACCEPTED));
    }

    private static void replayedSignatureRows(List<PolicyRow> rows) {
        Function<String, String> host = hostPort -> hostPort;
        rows.add(new PolicyRow("a signature copied to another image (another digest): rejected",
                f -> plain(f, "replay/digest:v1"), scoped(host, ""), Decision.REJECTED));
        rows.add(new PolicyRow("a signature copied to another image, by digest: rejected",
                f -> plainDigest(f, "replay/digest:v1"), scoped(host, ""), Decision.REJECTED));
        rows.add(new PolicyRow("a signature copied to another image: matchRepository rejects too",
                f -> plain(f, "replay/digest:v1"), scoped(host, identity("matchRepository")), Decision.REJECTED));
        rows.add(new PolicyRow("a signature copied to another repository (same manifest): rejected",
                f -> plain(f, "replay/repo:v1"), scoped(host, ""), Decision.REJECTED));
        rows.add(new PolicyRow("a signature copied to another repository, by digest: rejected",
                f -> plainDigest(f, "replay/repo:v1"), scoped(host, ""), Decision.REJECTED));
        rows.add(new PolicyRow("a signature copied to another repository: matchRepository rejects",
                f -> plain(f, "replay/repo:v1"), scoped(host, identity("matchRepository")), Decision.REJECTED));
        rows.add(new PolicyRow("a signature copied to another repository: exactRepository of the signed one accepts",
                f -> plain(f, "replay/repo:v1"), (hostPort, key) -> scoped(host,
                "{\"type\":\"exactRepository\",\"dockerRepository\":\"" + hostPort + "/signed\"}")
                .apply(hostPort, key), Decision.ACCEPTED));
        rows.add(new PolicyRow("a signature for tag v1 found for tag v2 of the same manifest: rejected",
                f -> plain(f, "signed:v2"), scoped(host, ""), Decision.REJECTED));
        rows.add(new PolicyRow("a signature for tag v1 found for tag v2: matchExact rejects",
                f -> plain(f, "signed:v2"), scoped(host, identity("matchExact")), Decision.REJECTED));
        rows.add(new PolicyRow("a signature for tag v1 found for tag v2: matchRepository accepts any tag",
                f -> plain(f, "signed:v2"), scoped(host, identity("matchRepository")), Decision.ACCEPTED));
    }

    private static String signedBy(String key) {
        return "{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\",\"keyPath\":\"" + key + "\"}";
    }

    /** {"default":[reject], docker: {HOSTPORT: [REQUIREMENTS]}}. */
    private static String requirements(String hostPort, String requirements) {
        return "{\"default\":[{\"type\":\"reject\"}],\"transports\":{\"docker\":{\"" + hostPort + "\":["
                + requirements + "]}}}";
    }

    private static String base64(String file) {
        try {
            return java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(file)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policyRows")
    void vouchAgreesWithSkopeoOnPolicyVariations(PolicyRow row) throws IOException {
        String image = row.image().apply(fixture);
        Path policy = Files.writeString(Files.createTempFile(work, "policy", ".json"),
                row.policy().apply(fixture.plain.hostPort(), fixture.trustedKeyFile.toString()));
        Path registriesDirectory = fixture.fileRegistriesDirectory;
        Skopeo.Outcome reference = fixture.skopeo.decide(policy, registriesDirectory, image, INSECURE.apply(fixture),
                Files.createTempDirectory(work, "copy"));
        assertThat(reference.decision()).as("skopeo: %s", reference.stderr()).isEqualTo(row.expected());
        SourceContext context = SourceContext.defaults().withHomeDirectory(fixture.home, false)
                .withRegistriesDirectory(registriesDirectory).withTlsVerify(false);
        Verdict verdict;
        try (ImageSource source = ImageTransports.standard().parseImageName(image).newImageSource(context)) {
            verdict = new PolicyEvaluator(PolicyFiles.load(policy)).evaluate(source);
        } catch (Exception e) {
            throw new AssertionError("vouch failed on " + image, e);
        }
        Decision vouch = verdict.accepted() ? Decision.ACCEPTED : Decision.REJECTED;
        assertThat(vouch).as("vouch: %s", VerdictText.explain(verdict)).isEqualTo(reference.decision());
    }

    private static String plain(RegistryFixture f, String nameAndTag) {
        return "docker://" + f.plain.hostPort() + "/" + nameAndTag;
    }

    private static String plainDigest(RegistryFixture f, String nameAndTag) {
        String name = nameAndTag.substring(0, nameAndTag.indexOf(':'));
        return "docker://" + f.plain.hostPort() + "/" + name + "@" + f.digests.get(f.plain.hostPort() + "/"
                + nameAndTag);
    }
}
