package dev.vouch.admission.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.vouch.admission.AdmissionDecider;
import dev.vouch.admission.AdmissionMode;
import dev.vouch.admission.AdmissionRequest;
import dev.vouch.admission.ImageCheck;
import dev.vouch.kubeevents.CoreEvents;
import dev.vouch.log.JsonLog;
import dev.vouch.metrics.Counter;
import dev.vouch.metrics.Metrics;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Records a core/v1 Event (type {@code Warning}) on the workload that owns an admitted object for each refused image
 * ({@link OwnerResolver}): reason {@value #REJECTED} when the request was denied, {@value #WOULD_REJECT} when the
 * namespace's mode ({@code warn}, {@code audit}) admitted it anyway. The message is the denial's line for the image:
 * the image, the failure class, the policy scope and the requirement's reason.
 *
 * <p>Never in the way of a decision: {@link #refused} only puts the refusal in a bounded queue (when full, the
 * refusal is dropped and counted); one thread reads the owners and writes the Events; a failure is logged and counted.
 * Aggregated as the API server's own recorder does: the same object, image and reason again within
 * {@link #AGGREGATE_WINDOW} of the last time raise the Event's {@code count} (a merge patch) instead of creating
 * another; pods a ReplicaSet retries make one Event on the Deployment.
 *
 * <p>Metric {@code vouch_admission_events_total{result}}: {@code created}, {@code aggregated}, {@code failed},
 * {@code dropped}, {@code unnamed} (an object without a name or controller to record on).
 */
public final class RefusalEvents implements AdmissionDecider.RefusalListener, AutoCloseable {
    /** Reason of an Event for a denied request. */
    public static final String REJECTED = "ImageRejected";
    /** Reason of an Event for a request admitted in {@code warn} or {@code audit} mode although an image is refused. */
    public static final String WOULD_REJECT = "ImageWouldBeRejected";
    public static final Duration AGGREGATE_WINDOW = Duration.ofMinutes(10);
    static final int QUEUE_CAPACITY = 1_000;
    private static final int MAX_KEPT = 10_000;

    private final KubernetesClient client;
    private final OwnerResolver owners;
    private final Clock clock;
    private final JsonLog log;
    private final Counter results;
    private final BlockingQueue<Refusal> queue;
    private final Map<String, Recorded> recorded = new LinkedHashMap<>();
    private final Thread writer;
    private volatile boolean closed;

    /** One request's refused images, as queued. */
    private record Refusal(String apiVersion, String kind, String namespace, String name, JsonNode metadata,
                           AdmissionMode mode, List<ImageCheck> refused) {
    }

    /** An Event written, for aggregation. */
    private record Recorded(String eventName, int count, Instant last) {
    }

    private RefusalEvents(KubernetesClient client, Clock clock, JsonLog log, Metrics metrics, int capacity) {
        this.client = client;
        this.owners = new OwnerResolver(client, clock);
        this.clock = clock;
        this.log = log;
        this.results = metrics.counter("vouch_admission_events_total", "Kubernetes Events for refused images, by"
                + " result (created, aggregated, failed, dropped, unnamed).", "result");
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.writer = new Thread(this::run, "vouch-admission-events");
        this.writer.setDaemon(true);
    }

    /** Starts the writer thread. */
    public static RefusalEvents start(KubernetesClient client, Clock clock, JsonLog log, Metrics metrics) {
        return start(client, clock, log, metrics, QUEUE_CAPACITY);
    }

    static RefusalEvents start(KubernetesClient client, Clock clock, JsonLog log, Metrics metrics, int capacity) {
        RefusalEvents events = unstarted(client, clock, log, metrics, capacity);
        events.writer.start();
        return events;
    }

    /** Events whose writer is not started: refusals only queue (for tests of a full queue). */
    static RefusalEvents unstarted(KubernetesClient client, Clock clock, JsonLog log, Metrics metrics,
                                   int capacity) {
        return new RefusalEvents(client, clock, log, metrics, capacity);
    }

    @Override
    public void refused(AdmissionRequest request, AdmissionMode mode, List<ImageCheck> refused) {
        String group = request.group();
        Refusal refusal = new Refusal(group.isEmpty() ? "v1" : group + "/v1", request.kind(), request.namespace(),
                request.name(), request.object().map(o -> o.path("metadata")).orElse(MissingNode.getInstance()),
                mode, List.copyOf(refused));
        if (closed || !queue.offer(refusal)) {
            results.inc("dropped");
        }
    }

    private void run() {
        while (!closed) {
            Refusal refusal;
            try {
                refusal = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (refusal != null) {
                try {
                    write(refusal);
                } catch (RuntimeException e) {
                    log.error("admission.event_failed", Map.of("object", refusal.namespace() + "/" + refusal.name(),
                            "error", String.valueOf(e.getMessage())));
                    results.inc("failed");
                }
            }
        }
    }

    private void write(Refusal refusal) {
        Optional<EventTarget> target = owners.targetOf(refusal.apiVersion(), refusal.kind(), refusal.namespace(),
                refusal.name(), refusal.metadata());
        if (target.isEmpty()) {
            results.inc("unnamed");
            return;
        }
        String reason = refusal.mode() == AdmissionMode.ENFORCE ? REJECTED : WOULD_REJECT;
        for (ImageCheck check : refusal.refused()) {
            String message = message(refusal, target.get(), check);
            record(target.get(), check.image(), reason, message);
        }
    }

    private static String message(Refusal refusal, EventTarget target, ImageCheck check) {
        String verb = refusal.mode() == AdmissionMode.ENFORCE ? "vouch denied " : "vouch would deny ("
                + refusal.mode().label() + " mode) ";
        String subject = refusal.kind().equals(target.kind()) && refusal.name().equals(target.name())
                ? refusal.kind() : refusal.kind() + (refusal.name().isEmpty() ? "" : " " + refusal.name()) + " of "
                + target.kind() + " " + target.name();
        String text = verb + subject + ": " + check.describe();
        return CoreEvents.bounded(text);
    }

    /** Creates the Event, or raises the count of the one recorded within the window. */
    private void record(EventTarget target, String image, String reason, String message) {
        String key = target.apiVersion() + "|" + target.kind() + "|" + target.namespace() + "|" + target.name() + "|"
                + image + "|" + reason;
        Instant now = clock.instant();
        Recorded previous = recorded.get(key);
        try {
            if (previous != null && now.isBefore(previous.last().plus(AGGREGATE_WINDOW))) {
                int count = previous.count() + 1;
                Optional<Event> patched = increment(target.namespace(), previous.eventName(), count, message, now);
                if (patched.isPresent()) {
                    remember(key, new Recorded(previous.eventName(), count, now));
                    results.inc("aggregated");
                    return;
                }
            }
            CoreEvents.Subject subject = new CoreEvents.Subject(target.apiVersion(), target.kind(),
                    target.namespace(), target.name(), target.uid(), Optional.empty());
            String name = CoreEvents.newName(subject);
            client.v1().events().inNamespace(target.namespace()).resource(CoreEvents.event(subject, name, "Warning",
                    reason, message, now)).create();
            remember(key, new Recorded(name, 1, now));
            results.inc("created");
        } catch (KubernetesClientException e) {
            log.error("admission.event_failed", Map.of("object", target.describe(), "reason", reason, "error",
                    String.valueOf(e.getMessage())));
            results.inc("failed");
        }
    }

    /** The Event with its count raised; empty if it is gone (Events expire), so that a new one is created. */
    private Optional<Event> increment(String namespace, String name, int count, String message, Instant now) {
        String patch = "{\"count\":" + count + ",\"lastTimestamp\":\"" + now + "\",\"message\":"
                + com.fasterxml.jackson.databind.node.TextNode.valueOf(message) + "}";
        try {
            return Optional.ofNullable(client.v1().events().inNamespace(namespace).withName(name)
                    .patch(PatchContext.of(PatchType.JSON_MERGE), patch));
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private void remember(String key, Recorded value) {
        recorded.remove(key);
        recorded.put(key, value);
        Instant horizon = clock.instant().minus(AGGREGATE_WINDOW);
        for (Iterator<Recorded> it = recorded.values().iterator(); it.hasNext(); ) {
            Recorded oldest = it.next();
            if (recorded.size() <= MAX_KEPT && oldest.last().isAfter(horizon)) {
                break;
            }
            it.remove();
        }
    }

    /** How many Events had {@code result} ({@code created}, {@code aggregated}, ...). */
    long count(String result) {
        return results.value(result);
    }

    /** How many refusals wait to be written. */
    int pending() {
        return queue.size();
    }

    @Override
    public void close() {
        closed = true;
        writer.interrupt();
    }
}
