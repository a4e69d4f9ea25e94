package dev.vouch.image.atomic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.image.ImageTransports;
import dev.vouch.policy.json.PolicyFiles;
import dev.vouch.testing.GpgHome;
import dev.vouch.testing.GpgKeySpec;
import dev.vouch.testing.registry.OpenShiftRegistryServer;
import dev.vouch.testing.registry.Skopeo;
import dev.vouch.testing.registry.Skopeo.Decision;
import dev.vouch.testing.registry.TestImage;
import dev.vouch.transport.ImageSource;
import dev.vouch.transport.SourceContext;
import dev.vouch.verify.PolicyEvaluator;
import dev.vouch.verify.Verdict;
import dev.vouch.verify.VerdictText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * vouch's decisions on {@code atomic:} images, checked against skopeo as far as skopeo can go. Debian's skopeo
 * 1.9.3 is built without the {@code atomic} transport ("unknown transport", pinned by
 * {@link #skopeoHasNoAtomicTransport}), so skopeo cannot read these images itself. containers/image evaluates a
 * policy the same way for both transports once it has the image's Docker identity, manifest and signatures, so each
 * row is compared with skopeo's decision on the same image read as {@code docker://HOST/NS/STREAM:TAG} from the
 * stand-in registry, whose signature extension lists the same signatures the API's image object holds, under the
 * same policy with its {@code atomic} scopes written as {@code docker} scopes. vouch reads the {@code atomic:} image
 * as containers/image does: the kubeconfig in {@code ~/.kube/config} (a CA and a bearer token) points at the stand-in
 * OpenShift API ({@link OpenShiftRegistryServer}), the image stream gives the image, the manifest comes from the
 * registry and the signatures from the image object of the API; {@code team/apionly:v1}, whose signature extension
 * answers 500, shows that the extension is not asked.
 *
 * <p>Images ({@code team/...}): {@code app:v1} signed by the trusted key; {@code app:v2} the same manifest under
 * another tag (the signature claims {@code app:v1}); {@code unsigned:v1}; {@code wrongkey:v1} signed by another
 * key; {@code othertype:v1} with a valid signature whose type is not {@code atomic}; {@code replayed:v1} carrying
 * {@code app:v1}'s signature; {@code moved:v1} whose newest event is an unsigned image pushed over a signed one;
 * {@code twosigs:v1} with a signature by the other key, then one by the trusted key.
 */
class AtomicAgreementIT {
    private static final String TOKEN = "sha256~test-api-token";

    @TempDir
    static Path work;
    static GpgHome gpg;
    static OpenShiftRegistryServer server;
    static Skopeo skopeo;
    static Path home;
    static Path trustedKeyFile;
    static Path otherKeyFile;
    static Path registriesDirectory;

    @BeforeAll
    static void start() throws Exception {
        gpg = GpgHome.create();
        String trusted = gpg.generateKey(GpgKeySpec.ed25519("Trusted <trusted@example.com>"));
        String other = gpg.generateKey(GpgKeySpec.ed25519("Other <other@example.com>"));
        trustedKeyFile = Files.write(work.resolve("trusted.gpg"), gpg.exportPublicKeys(trusted));
        otherKeyFile = Files.write(work.resolve("other.gpg"), gpg.exportPublicKeys(other));
        home = Files.createDirectories(work.resolve("home"));
        Files.createDirectories(home.resolve("run"));
        registriesDirectory = Files.createDirectories(work.resolve("registries.d"));
        skopeo = new Skopeo(home, gpg.environment());
        server = OpenShiftRegistryServer.start();
        server.requireApiToken(TOKEN);
        writeKubeconfig();
        String host = server.hostPort();

        String app = push("team/app", "v1", "atomic-app");
        sign("team/app", app, "atomic-app", host + "/team/app:v1", trusted, "atomic");
        push("team/app", "v2", "atomic-app");
        push("team/unsigned", "v1", "atomic-unsigned");
        String wrongKey = push("team/wrongkey", "v1", "atomic-wrongkey");
        sign("team/wrongkey", wrongKey, "atomic-wrongkey", host + "/team/wrongkey:v1", other, "atomic");
        String otherType = push("team/othertype", "v1", "atomic-othertype");
        sign("team/othertype", otherType, "atomic-othertype", host + "/team/othertype:v1", trusted, "other");
        String replayed = push("team/replayed", "v1", "atomic-replayed");
        sign("team/replayed", replayed, "atomic-app", host + "/team/app:v1", trusted, "atomic");
        String movedSigned = push("team/moved", "v1", "atomic-moved-signed");
        sign("team/moved", movedSigned, "atomic-moved-signed", host + "/team/moved:v1", trusted, "atomic");
        push("team/moved", "v1", "atomic-moved-unsigned");
        String apiOnly = push("team/apionly", "v1", "atomic-apionly");
        sign("team/apionly", apiOnly, "atomic-apionly", host + "/team/apionly:v1", trusted, "atomic");
        server.answerSignaturesWith("team/apionly", apiOnly, new OpenShiftRegistryServer.RawAnswer(500,
                "{\"errors\":[{\"code\":\"UNKNOWN\"}]}"));
        String twoSignatures = push("team/twosigs", "v1", "atomic-twosigs");
        sign("team/twosigs", twoSignatures, "atomic-twosigs", host + "/team/twosigs:v1", other, "atomic");
        sign("team/twosigs", twoSignatures, "atomic-twosigs", host + "/team/twosigs:v1", trusted, "atomic");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (gpg != null) {
            gpg.close();
        }
    }

    private static void writeKubeconfig() throws IOException {
        Path kube = Files.createDirectories(home.resolve(".kube"));
        String ca = Base64.getEncoder().encodeToString(server.authorityPem().getBytes(StandardCharsets.UTF_8));
        Files.writeString(kube.resolve("config"), String.join("\n",
                "apiVersion: v1",
                "kind: Config",
                "current-context: test",
                "contexts:",
                "- name: test",
                "  context: {cluster: standin, user: tester, namespace: team}",
                "clusters:",
                "- name: standin",
                "  cluster:",
                "    server: " + server.apiUrl(),
                "    certificate-authority-data: " + ca,
                "users:",
                "- name: tester",
                "  user: {token: \"" + TOKEN + "\"}",
                ""));
    }

    private static String push(String stream, String tag, String variant) throws IOException {
        Path dir = Files.createTempDirectory(work, "image");
        TestImage.write(dir, variant);
        return server.pushImage(stream, tag, dir);
    }

    /** Adds to {@code stream@digest} a signature by {@code signer} of {@code variant}'s manifest for {@code identity}. */
    private static void sign(String stream, String digest, String variant, String identity, String signer,
                             String type) throws IOException {
        Path dir = Files.createTempDirectory(work, "sign");
        TestImage.write(dir, variant);
        Path signature = dir.resolve("signature");
        skopeo.runChecked(List.of("standalone-sign", dir.resolve("manifest.json").toString(), identity, signer,
                "-o", signature.toString()));
        server.addSignature(stream, digest, 2, type, Files.readAllBytes(signature));
    }

    record Row(String name, String image, BiFunction<String, String, String> policy, Decision expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** {"default":[reject], atomic: {SCOPE: [signedBy KEY with IDENTITY]}}. */
    private static BiFunction<String, String, String> atomic(String scopeSuffix, String identity) {
        return (hostPort, key) -> "{\"default\":[{\"type\":\"reject\"}],\"transports\":{\"atomic\":{\""
                + (scopeSuffix.equals("*") ? "*.0.1" : hostPort + scopeSuffix) + "\":[{\"type\":\"signedBy\","
                + "\"keyType\":\"GPGKeys\",\"keyPath\":\"" + key + "\"" + (identity.isEmpty() ? ""
                : ",\"signedIdentity\":{\"type\":\"" + identity + "\"}") + "}]}}}";
    }

    static Stream<Arguments> rows() {
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("a signed image stream tag is accepted", "team/app:v1", atomic("", ""),
                Decision.ACCEPTED));
        rows.add(new Row("namespace scope", "team/app:v1", atomic("/team", ""), Decision.ACCEPTED));
        rows.add(new Row("image stream scope", "team/app:v1", atomic("/team/app", ""), Decision.ACCEPTED));
        rows.add(new Row("exact tag scope", "team/app:v1", atomic("/team/app:v1", ""), Decision.ACCEPTED));
        rows.add(new Row("wildcard scope from the host without port", "team/app:v1", atomic("*", ""),
                Decision.ACCEPTED));
        rows.add(new Row("another stream's scope does not apply", "team/app:v1", atomic("/team/other", ""),
                Decision.REJECTED));
        rows.add(new Row("the atomic transport's default scope applies", "team/unsigned:v1",
                (hostPort, key) -> "{\"default\":[{\"type\":\"reject\"}],\"transports\":{\"atomic\":{\"\":"
                        + "[{\"type\":\"insecureAcceptAnything\"}]}}}", Decision.ACCEPTED));
        rows.add(new Row("matchExact accepts the signed tag", "team/app:v1", atomic("", "matchExact"),
                Decision.ACCEPTED));
        rows.add(new Row("the same manifest under another tag is rejected", "team/app:v2", atomic("", ""),
                Decision.REJECTED));
        rows.add(new Row("the same manifest under another tag: matchRepository accepts", "team/app:v2",
                atomic("", "matchRepository"), Decision.ACCEPTED));
        rows.add(new Row("an unsigned image is rejected", "team/unsigned:v1", atomic("", ""), Decision.REJECTED));
        rows.add(new Row("an image signed by another key is rejected", "team/wrongkey:v1", atomic("", ""),
                Decision.REJECTED));
        rows.add(new Row("an image signed by another key, with that key trusted, is accepted", "team/wrongkey:v1",
                (hostPort, key) -> atomic("", "").apply(hostPort, otherKeyFile.toString()), Decision.ACCEPTED));
        rows.add(new Row("a signature of another type than atomic is ignored", "team/othertype:v1",
                atomic("", ""), Decision.REJECTED));
        rows.add(new Row("another image's signature replayed is rejected", "team/replayed:v1",
                atomic("", "matchRepository"), Decision.REJECTED));
        rows.add(new Row("a tag moved to an unsigned image is rejected", "team/moved:v1", atomic("", ""),
                Decision.REJECTED));
        rows.add(new Row("two signatures, the untrusted first: accepted", "team/twosigs:v1", atomic("", ""),
                Decision.ACCEPTED));
        return rows.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void vouchAgreesWithSkopeo(Row row) throws IOException {
        String image = "atomic:" + server.hostPort() + "/" + row.image();
        String policyText = row.policy().apply(server.hostPort(), trustedKeyFile.toString());
        Path policy = Files.writeString(Files.createTempFile(work, "policy", ".json"), policyText);
        Path dockerPolicy = Files.writeString(Files.createTempFile(work, "policy", ".json"),
                policyText.replace("\"atomic\":", "\"docker\":"));
        Skopeo.Outcome reference = skopeo.decide(dockerPolicy, registriesDirectory, "docker://" + server.hostPort()
                + "/" + row.image(), List.of("--src-tls-verify=false"), Files.createTempDirectory(work, "copy"));
        assertThat(reference.decision()).as("skopeo: %s", reference.stderr()).isEqualTo(row.expected());

        Verdict verdict = vouch(image, policy);
        Decision vouch = verdict.accepted() ? Decision.ACCEPTED : Decision.REJECTED;
        assertThat(vouch).as("vouch: %s", VerdictText.explain(verdict)).isEqualTo(reference.decision());
    }

    @Test
    void skopeoHasNoAtomicTransport() throws IOException {
        Skopeo.Outcome outcome = skopeo.decide(fixedPolicy("{\"type\":\"insecureAcceptAnything\"}"),
                registriesDirectory, "atomic:" + server.hostPort() + "/team/app:v1", List.of("--src-tls-verify=false"),
                Files.createTempDirectory(work, "copy"));
        assertThat(outcome.decision()).isEqualTo(Decision.ERROR);
        assertThat(outcome.stderr()).contains("unknown transport").contains("atomic");
    }

    @Test
    void aDockerScopeDoesNotApplyToAtomicImages() throws IOException {
        Path policy = Files.writeString(Files.createTempFile(work, "policy", ".json"), "{\"default\":[{\"type\":"
                + "\"reject\"}],\"transports\":{\"docker\":{\"\":[{\"type\":\"insecureAcceptAnything\"}]}}}");
        assertThat(vouch("atomic:" + server.hostPort() + "/team/app:v1", policy).accepted()).isFalse();
    }

    @Test
    void theRegistrySignatureExtensionIsNotAsked() throws IOException {
        Path policy = Files.writeString(Files.createTempFile(work, "policy", ".json"),
                atomic("", "").apply(server.hostPort(), trustedKeyFile.toString()));
        Verdict verdict = vouch("atomic:" + server.hostPort() + "/team/apionly:v1", policy);
        assertThat(verdict.accepted()).as(VerdictText.explain(verdict)).isTrue();
        Path dockerPolicy = fixedPolicy("{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\",\"keyPath\":\""
                + trustedKeyFile + "\"}");
        assertThat(vouch("docker://" + server.hostPort() + "/team/apionly:v1", dockerPolicy).accepted())
                .as("the docker transport reads the extension, which fails").isFalse();
    }

    private static Path fixedPolicy(String requirement) throws IOException {
        return Files.writeString(Files.createTempFile(work, "policy", ".json"), "{\"default\":[" + requirement
                + "]}");
    }

    @Test
    void signaturesComeFromTheImageObjectOfTheApi() throws IOException {
        String image = "atomic:" + server.hostPort() + "/team/app:v1";
        try (ImageSource source = ImageTransports.standard().parseImageName(image).newImageSource(context())) {
            assertThat(source.signatures()).hasSize(1);
            assertThat(source.signatureOrigins()).singleElement().asString()
                    .startsWith("OpenShift API " + server.apiUrl() + "/oapi/v1/namespaces/team/imagestreamimages/app@sha256:");
        }
    }

    @Test
    void anUnknownTagIsAnError() throws IOException {
        String image = "atomic:" + server.hostPort() + "/team/app:nope";
        try (ImageSource source = ImageTransports.standard().parseImageName(image).newImageSource(context())) {
            org.assertj.core.api.Assertions.assertThatThrownBy(source::manifest).hasMessageContaining(
                    "no matching tag found");
        }
    }

    @Test
    void aWrongApiTokenFailsAndIsNotPrinted() throws IOException {
        Path otherHome = Files.createDirectories(work.resolve("wrong-token-home"));
        Path kube = Files.createDirectories(otherHome.resolve(".kube"));
        Files.writeString(kube.resolve("config"), Files.readString(home.resolve(".kube/config"))
                .replace(TOKEN, "wrong-secret-token"));
        String image = "atomic:" + server.hostPort() + "/team/app:v1";
        SourceContext context = SourceContext.defaults().withHomeDirectory(otherHome, false)
                .withRegistriesDirectory(registriesDirectory).withTlsVerify(false);
        try (ImageSource source = ImageTransports.standard().parseImageName(image).newImageSource(context)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(source::manifest)
                    .hasMessageContaining("Unauthorized").hasMessageNotContaining("wrong-secret-token");
        }
    }

    private static SourceContext context() {
        return SourceContext.defaults().withHomeDirectory(home, false).withRegistriesDirectory(registriesDirectory)
                .withTlsVerify(false);
    }

    private static Verdict vouch(String image, Path policy) {
        try (ImageSource source = ImageTransports.standard().parseImageName(image).newImageSource(context())) {
            return new PolicyEvaluator(PolicyFiles.load(policy)).evaluate(source);
        } catch (Exception e) {
            throw new AssertionError("vouch failed on " + image, e);
        }
    }
}
