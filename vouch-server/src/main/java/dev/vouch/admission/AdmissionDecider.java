package dev.vouch.admission;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vouch.pullsecret.PodPullSecrets;
import dev.vouch.pullsecret.PullCredentials;
import dev.vouch.pullsecret.PullSecrets;
import dev.vouch.reference.ImageReference;
import dev.vouch.reference.InvalidReferenceException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Turns an {@link AdmissionRequest} into an {@link AdmissionResponse}: every image of the pod or pod template is
 * checked (concurrently, each identical image once), then the namespace's {@link AdmissionMode} decides what a
 * refusal does. Fail closed: a kind whose images vouch cannot find, or an object it cannot read, is denied; a check
 * that does not complete is a refusal ({@link ImageChecker}).
 */
public final class AdmissionDecider {
    /** Audit annotation: {@code allowed}, {@code denied}, {@code warned} or {@code audited}. */
    public static final String DECISION_ANNOTATION = "decision";
    /** Audit annotation: each image admitted only under the grace rule, with when it was last verified. */
    public static final String GRACE_ANNOTATION = "admitted-under-grace";
    /** Audit annotation: each refused image with its reason, one per line. */
    public static final String REFUSED_ANNOTATION = "refused-images";

    private final ImageChecker checker;
    private final Executor executor;
    private final Optional<PullSecrets> pullSecrets;
    private final RefusalListener refusals;

    /** Told of every refused image of an admission request (not a dry run), in every mode, after the decision. */
    @FunctionalInterface
    public interface RefusalListener {
        /** Must return at once (record asynchronously) and never throw. */
        void refused(AdmissionRequest request, AdmissionMode mode, List<ImageCheck> refused);
    }

    /** A decider reading every image with the configured default credentials, telling nobody of refusals. */
    public AdmissionDecider(ImageChecker checker, Executor executor) {
        this(checker, executor, Optional.empty(), (request, mode, refused) -> { });
    }

    /**
     * @param pullSecrets when present, each image of a pod (or template) is read with the credentials of its pull
     *     secrets ({@link PullSecrets}); else with the configured default
     * @param refusals told of refused images, e.g. to record Events
     */
    public AdmissionDecider(ImageChecker checker, Executor executor, Optional<PullSecrets> pullSecrets,
                            RefusalListener refusals) {
        this.checker = checker;
        this.executor = executor;
        this.pullSecrets = pullSecrets;
        this.refusals = refusals;
    }

    /**
     * Decides {@code request}.
     *
     * @param mode what a refused image does in the request's namespace
     * @param mutate whether accepted images are pinned to the digest that was verified (the mutating webhook, for a
     *     namespace that has not opted out)
     * @param deadline when the API server stops waiting: every check must end before it
     */
    public AdmissionResponse decide(AdmissionRequest request, AdmissionMode mode, boolean mutate, Instant deadline) {
        if (!request.operation().equals("CREATE") && !request.operation().equals("UPDATE")) {
            return AdmissionResponse.allow(request.uid());
        }
        Optional<AdmittedKind> kind = AdmittedKind.of(request.group(), request.kind());
        if (kind.isEmpty()) {
            return AdmissionResponse.badRequest(request.uid(), "vouch does not know where the images of "
                    + (request.group().isEmpty() ? request.kind() : request.kind() + "." + request.group())
                    + " are; the webhook's rules must not send this kind");
        }
        if (request.object().isEmpty()) {
            return AdmissionResponse.badRequest(request.uid(), "request.object: is required for "
                    + request.operation());
        }
        List<ImageSite> sites;
        try {
            sites = PodImages.of(kind.get(), request.object().get());
        } catch (InvalidAdmissionRequestException e) {
            return AdmissionResponse.badRequest(request.uid(), e.getMessage());
        }
        JsonNode podSpec = request.object().get().at(kind.get().podSpecPointer());
        Function<String, PullCredentials> credentials = pullSecrets.<Function<String, PullCredentials>>map(
                secrets -> {
                    PodPullSecrets pod = PodPullSecrets.of(request.namespace(), podSpec);
                    return image -> credentialsFor(secrets, pod, image);
                }).orElse(image -> PullCredentials.DEFAULT);
        Map<String, ImageCheck> checks = checkAll(sites, request.namespace(), credentials, deadline);
        AdmissionResponse response = respond(request.uid(), request.describe(), sites, checks, mode, mutate);
        List<ImageCheck> refused = checks.values().stream().filter(c -> !c.isAccepted()).toList();
        if (!refused.isEmpty() && !request.dryRun()) {
            refusals.refused(request, mode, refused);
        }
        return response;
    }

    private static PullCredentials credentialsFor(PullSecrets secrets, PodPullSecrets pod, String image) {
        try {
            return secrets.forImage(pod, ImageReference.parse(image));
        } catch (InvalidReferenceException e) {
            return PullCredentials.DEFAULT;
        }
    }

    /**
     * Decides an {@code ImageReview} the same way (it has no UID, no object and cannot be mutated); written with
     * {@link ImageReviews#write(AdmissionResponse)}.
     */
    public AdmissionResponse review(ImageReviewRequest request, AdmissionMode mode, Instant deadline) {
        List<ImageSite> sites = new ArrayList<>();
        for (int i = 0; i < request.images().size(); i++) {
            sites.add(new ImageSite("/spec/containers/" + i + "/image", "containers", String.valueOf(i),
                    request.images().get(i)));
        }
        Map<String, ImageCheck> checks = checkAll(sites, request.namespace(), image -> PullCredentials.DEFAULT,
                deadline);
        String described = "pod" + (request.namespace().isEmpty() ? "" : " in namespace " + request.namespace());
        return respond("", described, sites, checks, mode, false);
    }

    /**
     * Each distinct image checked once, all at the same time; an image whose check the checker keeps for its reader's
     * credentials is answered on this thread (the warm path hands nothing to another thread).
     */
    private Map<String, ImageCheck> checkAll(List<ImageSite> sites, String namespace,
                                             Function<String, PullCredentials> credentials, Instant deadline) {
        Map<String, CompletableFuture<ImageCheck>> pending = new LinkedHashMap<>();
        for (ImageSite site : sites) {
            pending.computeIfAbsent(site.image(), image -> {
                PullCredentials reader = credentials.apply(image);
                return kept(image, namespace, reader).map(CompletableFuture::completedFuture)
                        .orElseGet(() -> CompletableFuture.supplyAsync(
                                () -> checker.check(image, namespace, reader, deadline), executor));
            });
        }
        long remaining = Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
        Map<String, ImageCheck> checks = new LinkedHashMap<>();
        pending.forEach((image, future) -> checks.put(image, future
                .completeOnTimeout(ImageCheck.refused(image, FailureClass.TIMEOUT, "no verdict before the API"
                        + " server's deadline", Optional.empty()), remaining, TimeUnit.MILLISECONDS)
                .handle((check, error) -> check != null ? check : ImageCheck.refused(image,
                        FailureClass.COULD_NOT_VERIFY, "the check failed: " + error.getClass().getSimpleName(),
                        Optional.empty()))
                .join()));
        return checks;
    }

    /** The checker's kept answer; a checker that fails here is asked again the full way, which fails closed. */
    private Optional<ImageCheck> kept(String image, String namespace, PullCredentials reader) {
        try {
            return checker.kept(image, namespace, reader);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static AdmissionResponse respond(String uid, String described, List<ImageSite> sites,
                                             Map<String, ImageCheck> checks, AdmissionMode mode, boolean mutate) {
        List<String> refused = new ArrayList<>();
        List<ImageSite.Replacement> patch = new ArrayList<>();
        for (ImageSite site : sites) {
            ImageCheck check = checks.get(site.image());
            if (!check.isAccepted()) {
                refused.add(site.label() + " " + check.describe());
            } else if (mutate && check.verifiedImage().isPresent()
                    && !check.verifiedImage().get().equals(site.image())) {
                patch.add(new ImageSite.Replacement(site, check.verifiedImage().get()));
            }
        }
        Map<String, String> audit = new LinkedHashMap<>();
        List<String> graced = checks.values().stream().filter(c -> c.grace().isPresent())
                .map(c -> c.image() + " verified at " + c.grace().get()).distinct().toList();
        if (!graced.isEmpty()) {
            audit.put(GRACE_ANNOTATION, String.join("\n", graced));
        }
        if (refused.isEmpty()) {
            audit.put(DECISION_ANNOTATION, "allowed");
            return new AdmissionResponse(uid, true, 200, "", List.of(), audit, patch);
        }
        audit.put(REFUSED_ANNOTATION, String.join("\n", refused));
        if (mode == AdmissionMode.ENFORCE) {
            audit.put(DECISION_ANNOTATION, "denied");
            String message = "vouch denied " + described + ": " + refused.size()
                    + (refused.size() == 1 ? " image is" : " images are") + " not trusted:\n"
                    + String.join("\n", refused);
            return new AdmissionResponse(uid, false, 403, message, List.of(), audit, List.of());
        }
        if (mode == AdmissionMode.WARN) {
            audit.put(DECISION_ANNOTATION, "warned");
            List<String> warnings = refused.stream().map(r -> "vouch: not trusted: " + r).toList();
            return new AdmissionResponse(uid, true, 200, "", warnings, audit, patch);
        }
        audit.put(DECISION_ANNOTATION, "audited");
        return new AdmissionResponse(uid, true, 200, "", List.of(), audit, patch);
    }
}
