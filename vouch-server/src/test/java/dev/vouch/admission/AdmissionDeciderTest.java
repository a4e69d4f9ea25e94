package dev.vouch.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vouch.pullsecret.PullCredentials;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The decision built from the checks of the images. The checks are given as a table (the checker that verifies
 * against a real registry is tested on its own); what is under test is which requests are denied, warned about or
 * admitted, and what the responses say.
 */
class AdmissionDeciderTest {
    private static final String SIGNED = "registry.example.com/team/web:1.4";
    private static final String PINNED = "registry.example.com/team/web@sha256:" + "d".repeat(64);
    private static final String UNSIGNED = "registry.example.com/team/tool:2";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private ImageCheck table(String image, String namespace, Instant deadline) {
        calls.computeIfAbsent(image, i -> new AtomicInteger()).incrementAndGet();
        if (image.equals(SIGNED)) {
            return ImageCheck.accepted(image, "signed by Release <release@example.com>",
                    "docker:registry.example.com/team", Optional.of(PINNED));
        }
        if (image.equals("slow")) {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ImageCheck.accepted(image, "late", "docker", Optional.empty());
        }
        if (image.equals("crash")) {
            throw new IllegalStateException("secret-looking detail");
        }
        return ImageCheck.refused(image, FailureClass.NO_SIGNATURE, "signedBy: no signature found",
                Optional.of("docker:registry.example.com/team"));
    }

    private AdmissionResponse decide(String operation, AdmissionMode mode, boolean mutate, String... images)
            throws Exception {
        StringBuilder containers = new StringBuilder();
        for (int i = 0; i < images.length; i++) {
            containers.append(i == 0 ? "" : ",").append(Reviews.container("c" + i, images[i]));
        }
        AdmissionRequest request = AdmissionReviews.parse(Reviews.review(AdmittedKind.DEPLOYMENT, operation,
                Reviews.object(AdmittedKind.DEPLOYMENT, Reviews.podSpec(containers.toString()))));
        return new AdmissionDecider(this::table, executor).decide(request, mode, mutate,
                Instant.now().plusSeconds(2));
    }

    @Test
    void keptChecksAreAnsweredOnTheRequestThreadAndOthersAreChecked() throws Exception {
        ImageChecker keeping = new ImageChecker() {
            @Override
            public ImageCheck check(String image, String namespace, Instant deadline) {
                return table(image, namespace, deadline);
            }

            @Override
            public Optional<ImageCheck> kept(String image, String namespace, PullCredentials credentials) {
                if (image.equals("crash")) {
                    throw new IllegalStateException("kept failed");
                }
                return image.equals(SIGNED) ? Optional.of(ImageCheck.accepted(image, "kept", "docker",
                        Optional.of(PINNED))) : Optional.empty();
            }
        };
        List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.Executor recording = command -> {
            threads.add(Thread.currentThread());
            executor.execute(command);
        };
        AdmissionRequest request = AdmissionReviews.parse(Reviews.review(AdmittedKind.DEPLOYMENT, "CREATE",
                Reviews.object(AdmittedKind.DEPLOYMENT, Reviews.podSpec(Reviews.container("web", SIGNED)))));
        AdmissionResponse warm = new AdmissionDecider(keeping, recording).decide(request, AdmissionMode.ENFORCE,
                true, Instant.now().plusSeconds(2));
        assertThat(warm.allowed()).isTrue();
        assertThat(threads).as("nothing handed to the executor").isEmpty();
        assertThat(calls).as("check not called").isEmpty();

        AdmissionRequest mixed = AdmissionReviews.parse(Reviews.review(AdmittedKind.DEPLOYMENT, "CREATE",
                Reviews.object(AdmittedKind.DEPLOYMENT, Reviews.podSpec(Reviews.container("web", SIGNED) + ","
                        + Reviews.container("tool", UNSIGNED) + "," + Reviews.container("bad", "crash")))));
        AdmissionResponse response = new AdmissionDecider(keeping, recording).decide(mixed, AdmissionMode.ENFORCE,
                true, Instant.now().plusSeconds(2));
        assertThat(response.allowed()).isFalse();
        assertThat(response.message()).contains(UNSIGNED + ": no signature").contains("crash");
        assertThat(calls.keySet()).containsExactlyInAnyOrder(UNSIGNED, "crash");
    }

    @Test
    void enforceDeniesWhenOneImageIsRefusedAndSaysWhichAndWhy() throws Exception {
        AdmissionResponse response = decide("CREATE", AdmissionMode.ENFORCE, true, SIGNED, UNSIGNED);
        assertThat(response.allowed()).isFalse();
        assertThat(response.code()).isEqualTo(403);
        assertThat(response.message()).isEqualTo("vouch denied Deployment.apps team/web: 1 image is not trusted:\n"
                + "containers[c1] " + UNSIGNED + ": no signature (scope docker:registry.example.com/team; signedBy:"
                + " no signature found)");
        assertThat(response.patch()).isEmpty();
        assertThat(response.auditAnnotations()).containsEntry("decision", "denied");
    }

    @Test
    void enforceAdmitsTrustedImagesPinnedToTheVerifiedDigest() throws Exception {
        AdmissionResponse response = decide("CREATE", AdmissionMode.ENFORCE, true, SIGNED, SIGNED);
        assertThat(response.allowed()).isTrue();
        assertThat(response.patch()).extracting(ImageSite.Replacement::image).containsExactly(PINNED, PINNED);
        assertThat(calls.get(SIGNED)).as("an image named twice is checked once").hasValue(1);
        assertThat(decide("UPDATE", AdmissionMode.ENFORCE, false, SIGNED).patch())
                .as("a namespace that opted out of mutation").isEmpty();
    }

    @Test
    void anImageAlreadyAtTheVerifiedDigestIsNotPatched() throws Exception {
        calls.clear();
        AdmissionResponse response = new AdmissionDecider((image, ns, deadline) -> ImageCheck.accepted(image, "",
                "docker", Optional.of(image)), executor).decide(AdmissionReviews.parse(Reviews.review(
                AdmittedKind.POD, "CREATE", Reviews.object(AdmittedKind.POD, Reviews.podSpec(
                        Reviews.container("web", PINNED))))), AdmissionMode.ENFORCE, true, Instant.now().plusSeconds(2));
        assertThat(response.allowed()).isTrue();
        assertThat(response.patch()).isEmpty();
    }

    static Stream<Arguments> modes() {
        return Stream.of(
                Arguments.of(AdmissionMode.WARN, "warned", 1),
                Arguments.of(AdmissionMode.AUDIT, "audited", 0));
    }

    @ParameterizedTest
    @MethodSource("modes")
    void warnAndAuditAdmitButRecordTheRefusal(AdmissionMode mode, String decision, int warnings) throws Exception {
        AdmissionResponse response = decide("CREATE", mode, true, SIGNED, UNSIGNED);
        assertThat(response.allowed()).isTrue();
        assertThat(response.warnings()).hasSize(warnings);
        assertThat(response.auditAnnotations()).containsEntry("decision", decision)
                .containsKey(AdmissionDecider.REFUSED_ANNOTATION);
        assertThat(response.auditAnnotations().get(AdmissionDecider.REFUSED_ANNOTATION)).contains(UNSIGNED);
        assertThat(response.patch()).extracting(ImageSite.Replacement::image).containsExactly(PINNED);
    }

    @Test
    void aCheckThatDoesNotEndBeforeTheDeadlineIsATimeoutDenial() throws Exception {
        AdmissionRequest request = AdmissionReviews.parse(Reviews.review(AdmittedKind.POD, "CREATE",
                Reviews.object(AdmittedKind.POD, Reviews.podSpec(Reviews.container("web", "slow")))));
        long started = System.nanoTime();
        AdmissionResponse response = new AdmissionDecider(this::table, executor).decide(request,
                AdmissionMode.ENFORCE, true, Instant.now().plusMillis(300));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
        assertThat(response.allowed()).isFalse();
        assertThat(response.message()).contains("slow: timed out");
    }

    @Test
    void aCheckerThatThrowsIsACouldNotVerifyDenialWithoutItsMessage() throws Exception {
        AdmissionResponse response = decide("CREATE", AdmissionMode.ENFORCE, true, "crash");
        assertThat(response.allowed()).isFalse();
        assertThat(response.message()).contains("crash: could not verify").doesNotContain("secret-looking");
    }

    @Test
    void anImageAdmittedUnderTheGraceRuleIsRecordedInTheAuditAnnotations() throws Exception {
        Instant verifiedAt = Instant.parse("2026-11-27T10:00:00Z");
        ImageChecker graced = (image, ns, deadline) -> ImageCheck.accepted(image, "signed", "docker",
                Optional.of(PINNED)).underGrace(verifiedAt, ImageCheck.refused(image, FailureClass.UNREACHABLE,
                "connection refused", Optional.empty()));
        AdmissionResponse response = new AdmissionDecider(graced, executor).decide(AdmissionReviews.parse(
                Reviews.review(AdmittedKind.POD, "CREATE", Reviews.object(AdmittedKind.POD, Reviews.podSpec(
                        Reviews.container("web", SIGNED))))), AdmissionMode.ENFORCE, true, Instant.now().plusSeconds(2));
        assertThat(response.allowed()).isTrue();
        assertThat(response.auditAnnotations()).containsEntry(AdmissionDecider.GRACE_ANNOTATION,
                SIGNED + " verified at 2026-11-27T10:00:00Z");
        assertThat(response.patch()).extracting(ImageSite.Replacement::image).containsExactly(PINNED);
    }

    @Test
    void deleteIsAdmittedWithoutChecks() throws Exception {
        assertThat(decide("DELETE", AdmissionMode.ENFORCE, true, UNSIGNED).allowed()).isTrue();
        assertThat(calls).isEmpty();
    }

    @Test
    void aKindWhoseImagesAreUnknownIsDeniedNotIgnored() throws Exception {
        String body = new String(Reviews.review(AdmittedKind.DEPLOYMENT, "CREATE", "{}"), StandardCharsets.UTF_8)
                .replace("\"kind\":\"Deployment\"", "\"kind\":\"Rollout\"").replace("\"group\":\"apps\"",
                        "\"group\":\"argoproj.io\"");
        AdmissionResponse response = new AdmissionDecider(this::table, executor).decide(
                AdmissionReviews.parse(body.getBytes(StandardCharsets.UTF_8)), AdmissionMode.ENFORCE, true,
                Instant.now().plusSeconds(1));
        assertThat(response.allowed()).isFalse();
        assertThat(response.code()).isEqualTo(400);
        assertThat(response.message()).startsWith("vouch does not know where the images of Rollout.argoproj.io are");
    }

    @Test
    void anImageReviewIsDecidedTheSameWay() throws Exception {
        byte[] body = ("{\"apiVersion\":\"imagepolicy.k8s.io/v1alpha1\",\"kind\":\"ImageReview\",\"spec\":{"
                + "\"containers\":[{\"image\":\"" + SIGNED + "\"},{\"image\":\"" + UNSIGNED + "\"}],"
                + "\"annotations\":{\"team.image-policy.k8s.io/ticket\":\"1234\"},\"namespace\":\"team\"}}")
                .getBytes(StandardCharsets.UTF_8);
        ImageReviewRequest request = ImageReviews.parse(body);
        assertThat(request.annotations()).containsEntry("team.image-policy.k8s.io/ticket", "1234");
        JsonNode answer = JSON.readTree(ImageReviews.write(new AdmissionDecider(this::table, executor).review(
                request, AdmissionMode.ENFORCE, Instant.now().plusSeconds(2))));
        assertThat(answer.get("apiVersion").asText()).isEqualTo("imagepolicy.k8s.io/v1alpha1");
        assertThat(answer.at("/status/allowed").asBoolean()).isFalse();
        assertThat(answer.at("/status/reason").asText()).isEqualTo("vouch denied pod in namespace team: 1 image is"
                + " not trusted:\ncontainers[1] " + UNSIGNED + ": no signature (scope docker:registry.example.com/team;"
                + " signedBy: no signature found)");
        JsonNode allowed = JSON.readTree(ImageReviews.write(new AdmissionDecider(this::table, executor).review(
                new ImageReviewRequest(List.of(SIGNED), "team", Map.of()), AdmissionMode.ENFORCE,
                Instant.now().plusSeconds(2))));
        assertThat(allowed.at("/status/allowed").asBoolean()).isTrue();
        assertThat(allowed.at("/status").has("reason")).isFalse();
    }
}
