package dev.vouch.leader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.log.JsonLog;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two replicas competing for one Lease on the fabric8 mock API server (CRUD mode). */
class LeaderElectionTest {
    static final LeaseSettings LEASE = new LeaseSettings("vouch-controller", Optional.of("vouch"),
            Duration.ofMillis(4000), Duration.ofMillis(1200), Duration.ofMillis(200));

    final AtomicBoolean refuseLeaseWrites = new AtomicBoolean();
    KubernetesMockServer server;
    final List<KubernetesClient> clients = new CopyOnWriteArrayList<>();
    final List<LeaderElection> elections = new CopyOnWriteArrayList<>();
    final StringWriter logs = new StringWriter();
    final List<String> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        KubernetesCrudDispatcher dispatcher = new KubernetesCrudDispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (refuseLeaseWrites.get() && request.getPath().contains("/leases")
                        && !request.getMethod().equals("GET")) {
                    return new MockResponse().setResponseCode(503).setBody("{}");
                }
                return super.dispatch(request);
            }
        };
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init();
    }

    @AfterEach
    void stop() {
        elections.forEach(e -> e.stop(false));
        clients.forEach(KubernetesClient::close);
        server.destroy();
    }

    LeaderElection replica(String name) {
        KubernetesClient client = server.createClient();
        clients.add(client);
        LeaderElection election = new LeaderElection(client, LEASE, "vouch", name, new LeaderElection.Listener() {
            @Override
            public void startedLeading() {
                events.add(name + " started");
            }

            @Override
            public void stoppedLeading() {
                events.add(name + " stopped");
            }
        }, new JsonLog(logs, Clock.systemUTC(), JsonLog.Level.DEBUG));
        elections.add(election);
        election.start();
        return election;
    }

    /** Samples both fences until {@code duration} passes; fails if both ever hold at once. */
    static void neverBoth(LeaderElection a, LeaderElection b, Duration duration) throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            assertThat(a.holds() && b.holds()).as("both replicas hold the lease").isFalse();
            Thread.sleep(5);
        }
    }

    @Test
    void oneReplicaLeadsTheOtherStandsByAndTakesOverWhenTheLeaseIsReleased() throws Exception {
        LeaderElection a = replica("a");
        assertThat(a.awaitLeading(Duration.ofSeconds(10))).isTrue();
        LeaderElection b = replica("b");
        neverBoth(a, b, Duration.ofSeconds(1));
        assertThat(b.holds()).isFalse();
        assertThat(b.leader()).contains("a");

        long released = System.nanoTime();
        a.stop(true);
        assertThat(a.holds()).isFalse();
        assertThat(b.awaitLeading(Duration.ofSeconds(10))).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - released)).isLessThan(LEASE.duration());
        // The callback runs on the elector's thread, possibly just after awaitLeading saw the fence open.
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!events.contains("b started") && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertThat(events).containsSubsequence("a started", "a stopped", "b started");
    }

    @Test
    void aLeaderThatCannotRenewStopsWritingBeforeAnotherCanTakeTheLease() throws Exception {
        LeaderElection a = replica("a");
        assertThat(a.awaitLeading(Duration.ofSeconds(10))).isTrue();
        LeaderElection b = replica("b");
        neverBoth(a, b, Duration.ofMillis(500));

        refuseLeaseWrites.set(true);
        long refused = System.nanoTime();
        while (a.holds()) {
            Thread.sleep(5);
        }
        Duration fenced = Duration.ofNanos(System.nanoTime() - refused);
        // The fence closes renewDeadline after the start of the last renewal that succeeded (it compares clock
        // readings, no timer is involved), so before another replica may take the lease, a whole duration after
        // that renewal. Only that bound is asserted: this thread's own polling can be late on a loaded machine.
        assertThat(fenced).isLessThan(LEASE.duration());
        assertThat(b.holds()).isFalse();

        refuseLeaseWrites.set(false);
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!a.holds() && !b.holds() && System.nanoTime() < end) {
            assertThat(a.holds() && b.holds()).isFalse();
            Thread.sleep(5);
        }
        assertThat(a.holds() || b.holds()).as("someone leads again").isTrue();
        neverBoth(a, b, Duration.ofSeconds(1));
    }
}
