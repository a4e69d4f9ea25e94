package dev.vouch.cli.streams;

import dev.vouch.admission.PolicySnapshots;
import dev.vouch.cli.ExitCode;
import dev.vouch.cli.UserInputException;
import dev.vouch.gate.ImportResult;
import dev.vouch.log.JsonLog;
import dev.vouch.serve.AdmissionService;
import dev.vouch.serve.ClusterServe;
import dev.vouch.serve.FromCluster;
import dev.vouch.store.StoreException;
import dev.vouch.stream.StreamConfig;
import dev.vouch.transport.SourceContext;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

/**
 * {@code vouch serve} with {@code target.kubernetes}: {@link ClusterServe}, as a replica or once. The engine, the
 * {@code fromCluster} mirror and admission share the process's client ({@link ServeKubernetes}), which the caller
 * closes after they stopped (the shutdown hook, when serving).
 */
final class ClusterMode {
    /** How long {@code --once} waits for the lease, and then for its patches. */
    static final Duration ONCE_WAIT = Duration.ofMinutes(1);

    private ClusterMode() {
    }

    static int run(StreamConfig streams, ServeKubernetes kubernetes, boolean once, PrintWriter out, PrintWriter err)
            throws InterruptedException {
        JsonLog log = new JsonLog(err, Clock.systemUTC(), once ? JsonLog.Level.WARN : JsonLog.Level.INFO);
        // The policy may come from the cluster (fromCluster): mirrored to its files before anything reads them.
        Optional<FromCluster> fromCluster = ServeCommand.startFromCluster(streams, kubernetes, log);
        SourceContext context;
        PolicySnapshots policy;
        KubernetesClient client;
        try {
            StreamsConfigOption.policy(streams);
            context = StreamsConfigOption.sourceContext(streams);
            policy = ServeCommand.followPolicy(streams, context, log);
        } catch (RuntimeException e) {
            fromCluster.ifPresent(FromCluster::close);
            throw e;
        }
        try {
            client = kubernetes.client();
        } catch (RuntimeException e) {
            policy.close();
            fromCluster.ifPresent(FromCluster::close);
            throw e;
        }
        try {
            return once ? once(streams, client, policy, log, out) : serve(streams, kubernetes, client, policy,
                    fromCluster, context, log, err);
        } catch (KubernetesClientException e) {
            throw new UserInputException(streams.file() + ": kubernetes: the API could not be used: "
                    + e.getMessage(), e);
        } finally {
            if (once) {
                policy.close();
                fromCluster.ifPresent(FromCluster::close);
            }
        }
    }

    private static int once(StreamConfig streams, KubernetesClient client, PolicySnapshots policy, JsonLog log,
                            PrintWriter out) throws InterruptedException {
        try {
            Optional<ClusterServe.OnceResult> result = ClusterServe.once(streams, client, policy, log,
                    Clock.systemUTC(), identity(), ONCE_WAIT);
            if (result.isEmpty()) {
                out.println("the lease stayed with another replica for " + ONCE_WAIT.toSeconds() + " s: nothing done");
                out.flush();
                return ExitCode.REJECTED;
            }
            boolean ok = result.get().idle();
            for (ImportResult imported : result.get().results()) {
                out.println(ImportCommand.describe(imported, result.get().store().tagState(imported.tag())));
                ok &= imported.accepted() || imported instanceof ImportResult.Paused;
            }
            if (!result.get().idle()) {
                out.println("the workloads were not all patched within " + ONCE_WAIT.toSeconds() + " s");
            }
            out.flush();
            return ok ? ExitCode.OK : ExitCode.REJECTED;
        } catch (StoreException e) {
            throw new UserInputException(streams.file() + ": target.kubernetes: " + e.getMessage(), e);
        }
    }

    private static int serve(StreamConfig streams, ServeKubernetes kubernetes, KubernetesClient client,
                             PolicySnapshots policy, Optional<FromCluster> fromCluster, SourceContext context,
                             JsonLog log, PrintWriter err) throws InterruptedException {
        ClusterServe serve;
        try {
            serve = ClusterServe.start(streams, client, policy, log, Clock.systemUTC(), identity(),
                    Optional.empty());
        } catch (IOException | RuntimeException e) {
            policy.close();
            fromCluster.ifPresent(FromCluster::close);
            if (e instanceof IOException) {
                throw new UserInputException(streams.file() + ": serve: " + e.getMessage(), e);
            }
            throw (RuntimeException) e;
        }
        fromCluster.ifPresent(f -> f.register(serve.engine().metrics()));
        fromCluster.ifPresent(serve.engine()::closeWith);
        serve.engine().closeWith(policy);
        Optional<AdmissionService> admission;
        try {
            admission = ServeCommand.startAdmission(streams, kubernetes, context, Optional.of(policy),
                    serve.engine().metrics(), log);
        } catch (RuntimeException e) {
            serve.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            admission.ifPresent(AdmissionService::close);
            serve.close();
            kubernetes.close();
            stopped.countDown();
        }, "vouch-shutdown"));
        admission.ifPresent(a -> err.println("vouch: admission webhooks on https://" + a.address().getHostString()
                + ":" + a.address().getPort()));
        serve.http().ifPresent(http -> err.println("vouch: serving on http://" + http.address().getHostString() + ":"
                + http.address().getPort() + " (/healthz /readyz /metrics); competing for lease "
                + serve.election().lease() + " as " + serve.election().identity() + "; stop with Ctrl-C"));
        err.flush();
        stopped.await();
        return ExitCode.OK;
    }

    /** This replica's name in the Lease: the pod's name (or the host's) and a random part, as client-go does. */
    static String identity() {
        String name = System.getenv("POD_NAME");
        if (name == null || name.isBlank()) {
            try {
                name = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                name = "vouch";
            }
        }
        return name + "_" + UUID.randomUUID().toString().substring(0, 8);
    }
}
