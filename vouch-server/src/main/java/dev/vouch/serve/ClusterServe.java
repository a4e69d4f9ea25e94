package dev.vouch.serve;

import dev.vouch.gate.PolicyVersion;
import dev.vouch.gate.ImportResult;
import dev.vouch.kubetarget.KubeTarget;
import dev.vouch.leader.Fence;
import dev.vouch.leader.FencedStateStore;
import dev.vouch.leader.LeaderElection;
import dev.vouch.log.JsonLog;
import dev.vouch.metrics.Metrics;
import dev.vouch.store.KubernetesStateStore;
import dev.vouch.store.StateStore;
import dev.vouch.store.StoreException;
import dev.vouch.stream.ClusterTarget;
import dev.vouch.stream.StreamConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * {@code vouch serve} in a cluster ({@code target.kubernetes}): the streams are the {@code ImageStream} resources of
 * one namespace, their state is in those resources' status ({@link KubernetesStateStore}), and rollouts patch the
 * triggered workloads ({@link KubeTarget}). Several replicas may run; they compete for a Lease
 * ({@link LeaderElection}) and only the leader imports and writes.
 *
 * <p>Every replica watches the workloads and the streams and serves {@code /healthz}, {@code /readyz} (ready once the
 * informers listed the cluster; the text says whether the replica leads) and {@code /metrics} ({@code vouch_leader}
 * is 1 on the leader). When a replica's term starts it reads the streams, brings every triggered workload to its
 * tag's current digest as stored (completing a rollout its predecessor had not finished; one already done is not
 * repeated: a workload at its digest is not patched) and polls every tag at once, then on schedule. When the term
 * ends (the lease could not be renewed in time) it stops polling at once; its writes were already refused from the
 * moment its renewals fell behind ({@link dev.vouch.leader.Fence}), and it competes again as a standby.
 */
public final class ClusterServe implements AutoCloseable {
    private final LeaderElection election;
    private final ServeEngine engine;
    private final ClusterServeTarget target;
    private final JsonLog log;
    private final boolean once;
    private volatile ServeHttp http;

    private ClusterServe(StreamConfig config, KubernetesClient client, Supplier<? extends PolicyVersion> policy,
                         JsonLog log, Clock clock, String identity, boolean once, UnaryOperator<Fence> targetFence) {
        this.log = log;
        this.once = once;
        ClusterTarget cluster = config.cluster().orElseThrow(() -> new IllegalArgumentException(config.file()
                + ": target.kubernetes: not configured"));
        String own = Optional.ofNullable(client.getNamespace()).orElse("default");
        String streamNamespace = cluster.streamNamespace().orElse(own);
        Metrics metrics = new Metrics();
        election = new LeaderElection(client, cluster.lease(), cluster.lease().namespace().orElse(own), identity,
                new LeaderElection.Listener() {
                    @Override
                    public void startedLeading() {
                        lead();
                    }

                    @Override
                    public void stoppedLeading() {
                        standBy();
                    }
                }, log);
        metrics.gauge("vouch_leader", "1 while this replica holds the lease and works, 0 while it stands by.",
                () -> election.holds() ? 1 : 0);
        StateStore store = new FencedStateStore(KubernetesStateStore.open(client, streamNamespace), election);
        KubeTarget kube = KubeTarget.start(client, cluster.workloads(), List.of(), store, log, metrics, clock,
                targetFence.apply(election));
        ClusterServeTarget started;
        try {
            started = ClusterServeTarget.start(client, streamNamespace, config.serve().dockerImageInterval(), kube,
                    log);
        } catch (RuntimeException e) {
            kube.close();
            throw e;
        }
        target = started;
        engine = ServeEngine.open(config, store, target, metrics, policy, log, clock);
        target.onChange(engine::rescanTriggers);
    }

    /**
     * Starts a replica: watches the cluster, serves HTTP on the configured address (or {@code address}) and competes
     * for the lease.
     *
     * @param identity this replica's name in the Lease, unique among replicas (e.g. the pod's name and a random part)
     */
    public static ClusterServe start(StreamConfig config, KubernetesClient client,
                                     Supplier<? extends PolicyVersion> policy, JsonLog log, Clock clock,
                                     String identity, Optional<InetSocketAddress> address) throws IOException {
        return start(config, client, policy, log, clock, identity, address, UnaryOperator.identity());
    }

    /**
     * {@link #start}, with the fence the workloads' target checks before each write wrapped by {@code targetFence}:
     * the seam where failover tests stop a leader between an import and its patch.
     */
    static ClusterServe start(StreamConfig config, KubernetesClient client, Supplier<? extends PolicyVersion> policy,
                              JsonLog log, Clock clock, String identity, Optional<InetSocketAddress> address,
                              UnaryOperator<Fence> targetFence) throws IOException {
        ClusterServe serve = new ClusterServe(config, client, policy, log, clock, identity, false,
                targetFence);
        try {
            serve.http = serve.engine.startHttp(address, serve.readiness());
        } catch (IOException | RuntimeException e) {
            serve.close();
            throw e;
        }
        serve.election.start();
        return serve;
    }

    /**
     * One pass, as {@code vouch serve --once}: waits (at most {@code wait}) to hold the lease, so that it never works
     * beside a running leader, then brings the workloads to the stored digests, imports every tag once and waits (at
     * most {@code wait}) for the resulting patches; releases the lease when closed.
     *
     * @return the imports, or empty if the lease was not obtained in time
     */
    public static Optional<OnceResult> once(StreamConfig config, KubernetesClient client,
                                            Supplier<? extends PolicyVersion> policy, JsonLog log, Clock clock,
                                            String identity, Duration wait) throws InterruptedException,
            StoreException {
        ClusterServe serve = new ClusterServe(config, client, policy, log, clock, identity, true,
                UnaryOperator.identity());
        try {
            serve.election.start();
            if (!serve.election.awaitLeading(wait)) {
                return Optional.empty();
            }
            serve.engine.rescanTriggers();
            serve.engine.resubmitCurrent();
            List<ImportResult> results = serve.engine.importAll();
            boolean idle = serve.target.kube().awaitIdle(wait);
            return Optional.of(new OnceResult(results, idle, serve.engine.store()));
        } finally {
            serve.close();
        }
    }

    /**
     * What {@link #once} did.
     *
     * @param idle whether the patches finished in time
     * @param store the state (closed: for nothing more than the results' descriptions already read)
     */
    public record OnceResult(List<ImportResult> results, boolean idle, StateStore store) {
    }

    private void lead() {
        if (once) {
            return;
        }
        engine.rescanTriggers();
        target.kube().reconcileAll();
        engine.follow(ServeEngine.newScheduler());
        engine.pollNow();
        log.info("serve.leading", Map.of("lease", election.lease(), "tags", engine.tags().size()));
    }

    private void standBy() {
        engine.stopFollowing();
        log.info("serve.standby", Map.of("lease", election.lease()));
    }

    private Readiness readiness() {
        return new Readiness() {
            @Override
            public Optional<String> notReadyBecause() {
                return target.synced() ? Optional.empty() : Optional.of("the ImageStream resources are not listed"
                        + " yet");
            }

            @Override
            public Optional<String> role() {
                return Optional.of(election.holds() ? "leader (lease " + election.lease() + ")"
                        : "standby (lease " + election.lease() + " held by " + election.leader().orElse("nobody")
                        + ")");
            }
        };
    }

    public ServeEngine engine() {
        return engine;
    }

    public LeaderElection election() {
        return election;
    }

    /** The HTTP endpoints; absent for {@link #once}. */
    public Optional<ServeHttp> http() {
        return Optional.ofNullable(http);
    }

    /** Waits until no patch is queued or running (or {@code timeout} passes); true if none is. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        return target.kube().awaitIdle(timeout);
    }

    /**
     * Stops as a crashed replica would, for tests of a failover: the schedule and the lease renewals stop, and the
     * lease is left to expire (not released).
     */
    public void abandon() {
        election.stop(false);
        engine.stopFollowing();
    }

    /**
     * Stops: polls stop, the patches under way finish (for up to 10 s), the lease is released (a standby takes it
     * within seconds), then the engine and the watches stop.
     */
    @Override
    public void close() {
        engine.stopFollowing();
        try {
            target.kube().awaitIdle(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        election.stop(true);
        engine.close();
    }
}
