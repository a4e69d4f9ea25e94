package dev.vouch.leader;

import dev.vouch.log.JsonLog;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.Lock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This replica's part in the election of the one that works, through a {@code coordination.k8s.io/v1} Lease and
 * fabric8's {@link LeaderElector}. After a term ends (the lease could not be renewed in time) the replica competes
 * again, as a standby.
 *
 * <p>As a {@link Fence} it holds only while this replica leads and its last successful renewal started less than
 * {@link LeaseSettings#renewDeadline} ago: it closes by itself when renewals stop succeeding, before the elector
 * notices and before another replica may take the lease (which waits {@link LeaseSettings#duration}).
 *
 * <p>The listener is told on a thread of its own, one call at a time, in order; the elector never waits for it.
 */
public final class LeaderElection implements Fence, AutoCloseable {
    /** What the replica does when its term starts and ends. */
    public interface Listener {
        void startedLeading();

        void stoppedLeading();
    }

    private final KubernetesClient client;
    private final LeaseSettings settings;
    private final String namespace;
    private final String identity;
    private final Listener listener;
    private final JsonLog log;
    private final ExecutorService elections = Executors.newCachedThreadPool(daemon("vouch-lease"));
    private final ExecutorService notifications = Executors.newSingleThreadExecutor(daemon("vouch-leader"));
    /** {@link System#nanoTime} at the start of the last renewal that succeeded, or {@code Long.MIN_VALUE}. */
    private final AtomicLong renewedAt = new AtomicLong(Long.MIN_VALUE);
    private volatile boolean leading;
    private volatile String leader;
    private volatile boolean stopped;
    private LeaderElector elector;
    private CompletableFuture<?> term;

    /**
     * @param namespace the Lease's namespace (the settings' or, without one, the namespace vouch runs in)
     * @param identity this replica's name in the Lease ({@code holderIdentity}); unique among the replicas
     */
    public LeaderElection(KubernetesClient client, LeaseSettings settings, String namespace, String identity,
                          Listener listener, JsonLog log) {
        this.client = Objects.requireNonNull(client, "client");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.identity = Objects.requireNonNull(identity, "identity");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.log = Objects.requireNonNull(log, "log");
    }

    /** Starts competing for the lease, in the background. */
    public synchronized void start() {
        if (stopped) {
            throw new IllegalStateException("the election is stopped");
        }
        if (term != null) {
            return;
        }
        compete();
    }

    private synchronized void compete() {
        if (stopped) {
            return;
        }
        LeaderElectionConfig config = new LeaderElectionConfig(new RenewalRecordingLock(
                new LeaseLock(namespace, settings.name(), identity)), settings.duration(), settings.renewDeadline(),
                settings.retryPeriod(), new LeaderCallbacks(this::onStart, this::onStop, this::onNewLeader), false,
                settings.name());
        elector = new LeaderElector(client, config, elections);
        term = elector.start();
        term.whenComplete((ignored, error) -> compete());
    }

    private void onStart() {
        leading = true;
        log.info("leader.started", Map.of("lease", namespace + "/" + settings.name(), "identity", identity));
        notifications.execute(() -> {
            if (leading) {
                listener.startedLeading();
            }
        });
    }

    private void onStop() {
        boolean was = leading;
        leading = false;
        if (was) {
            log.warn("leader.stopped", Map.of("lease", namespace + "/" + settings.name(), "identity", identity));
            notifications.execute(listener::stoppedLeading);
        }
    }

    private void onNewLeader(String holder) {
        leader = holder;
        log.info("leader.observed", Map.of("lease", namespace + "/" + settings.name(), "holder",
                String.valueOf(holder)));
    }

    /** Whether this replica leads and renewed the lease in time. */
    @Override
    public boolean holds() {
        long renewed = renewedAt.get();
        return leading && renewed != Long.MIN_VALUE
                && System.nanoTime() - renewed < settings.renewDeadline().toNanos();
    }

    /** Whether this replica leads (its term started and has not ended; see {@link #holds} for writing). */
    public boolean isLeader() {
        return leading;
    }

    /** The holder of the lease as last seen, if any. */
    public Optional<String> leader() {
        return Optional.ofNullable(leader).filter(s -> !s.isEmpty());
    }

    public String identity() {
        return identity;
    }

    /** Where the lease is: {@code NAMESPACE/NAME}. */
    public String lease() {
        return namespace + "/" + settings.name();
    }

    /** Waits until this replica leads (or {@code timeout} passes); true if it does. */
    public boolean awaitLeading(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!holds()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /**
     * Stops competing. With {@code release}, a lease this replica holds is given up at once, so that a standby takes
     * it without waiting; without, it is left to expire, as a crashed process leaves it.
     */
    public void stop(boolean release) {
        LeaderElector last;
        CompletableFuture<?> running;
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            last = elector;
            running = term;
        }
        boolean was = leading;
        if (running != null) {
            running.cancel(true);
        }
        leading = false;
        renewedAt.set(Long.MIN_VALUE);
        if (release && last != null && was) {
            try {
                last.release();
                log.info("leader.released", Map.of("lease", lease(), "identity", identity));
            } catch (RuntimeException e) {
                log.warn("leader.release_failed", Map.of("lease", lease(), "error", String.valueOf(e.getMessage())));
            }
        }
        notifications.shutdown();
        try {
            notifications.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        elections.shutdownNow();
    }

    /** Stops, releasing the lease. */
    @Override
    public void close() {
        stop(true);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The Lease lock, noting when a write naming this replica as holder (an acquisition or a renewal) succeeded. */
    private final class RenewalRecordingLock implements Lock {
        private final Lock lock;

        RenewalRecordingLock(Lock lock) {
            this.lock = lock;
        }

        @Override
        public LeaderElectionRecord get(KubernetesClient kubernetesClient) {
            return lock.get(kubernetesClient);
        }

        @Override
        public void create(KubernetesClient kubernetesClient, LeaderElectionRecord record) {
            long started = System.nanoTime();
            lock.create(kubernetesClient, record);
            noteRenewal(record, started);
        }

        @Override
        public void update(KubernetesClient kubernetesClient, LeaderElectionRecord record) {
            long started = System.nanoTime();
            lock.update(kubernetesClient, record);
            noteRenewal(record, started);
        }

        private void noteRenewal(LeaderElectionRecord record, long started) {
            if (identity.equals(record.getHolderIdentity()) && !stopped) {
                renewedAt.set(started);
            }
        }

        @Override
        public String identity() {
            return lock.identity();
        }

        @Override
        public String describe() {
            return lock.describe();
        }
    }
}
