package dev.vouch.cli.streams;

import dev.vouch.cli.ExitCode;
import dev.vouch.cli.UserInputException;
import dev.vouch.admission.PolicySnapshots;
import dev.vouch.clusterconfig.ClusterConfigException;
import dev.vouch.gate.ImportResult;
import dev.vouch.gittarget.GitTargetException;
import dev.vouch.log.JsonLog;
import dev.vouch.metrics.Metrics;
import dev.vouch.policy.InvalidPolicyException;
import dev.vouch.rollout.RolloutOutcome;
import dev.vouch.serve.AdmissionService;
import dev.vouch.serve.FromCluster;
import dev.vouch.serve.ServeEngine;
import dev.vouch.serve.ServeHttp;
import dev.vouch.store.RolloutResult;
import dev.vouch.store.StoreException;
import dev.vouch.stream.StreamConfig;
import dev.vouch.transport.SourceContext;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vouch serve}: follows the configured tags and rolls out verified digests to the Git target. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Follow the tags of vouch.yaml and roll out only verified digests: each tag is imported through"
                + " the gate (at its importInterval, and at once when a registry notification names it); a newly"
                + " accepted digest is written into every manifest whose image.openshift.io/triggers annotation"
                + " follows the tag, pinned as HOST/REPO@DIGEST, and committed to the target. The image of each"
                + " unpaused DockerImage trigger in the target's manifests is followed the same way, as tag"
                + " dockerimage:NAME (manifests re-read every 30 s). Serves /healthz,"
                + " /readyz, /metrics and (with serve.notifications.tokenFile) /notifications; logs are JSON lines on"
                + " standard error. Stops cleanly on SIGTERM or SIGINT.",
                "Without vouch.yaml in the current directory and without --config, it prepares and runs a demo in"
                        + " ./vouch-demo: the bundled signed example image, its key, a policy, a Git repository of"
                        + " manifests, and their vouch.yaml.",
                "With target.kubernetes (and the kubernetes section) it runs in a cluster instead: the streams are the"
                        + " ImageStream resources of one namespace, their status holds the state, the triggered"
                        + " Deployments, StatefulSets, DaemonSets and CronJobs are patched (their DockerImage triggers"
                        + " followed as dockerimage:NAME, with their state in the ImageStream dockerimage, which vouch"
                        + " creates), and the replicas elect"
                        + " one leader through a Lease; --once then waits to hold the lease.",
                "Exit code (--once): 0 every tag accepted and rolled out, 1 a digest was rejected, an import or a"
                        + " rollout failed (or, in a cluster, the lease stayed with another replica), 2 invalid input"
                        + " or configuration."})
public final class ServeCommand implements Callable<Integer> {
    static final Duration ROLLOUT_WAIT = Duration.ofMinutes(5);

    @Spec
    CommandSpec spec;

    @Mixin
    StreamsConfigOption config;

    @Option(names = "--once", description = "import every tag once, roll out, wait for the target, print a summary"
            + " and exit")
    boolean once;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!spec.commandLine().getParseResult().hasMatchedOption("--config") && !Files.exists(config.file)) {
            try {
                config.file = DemoWorkspace.prepare(Path.of(""));
            } catch (IOException e) {
                throw new UserInputException(DemoWorkspace.DIRECTORY + ": " + e.getMessage(), e);
            }
            out.println("No vouch.yaml here: running the demo in ./" + DemoWorkspace.DIRECTORY + " ("
                    + config.file + ").");
            out.flush();
        }
        StreamConfig streams = config.load();
        // The process's one Kubernetes client, closed after everything that borrowed it stopped: here when the run
        // ends or fails, by the shutdown hook when serving (the second close does nothing).
        try (ServeKubernetes kubernetes = new ServeKubernetes(streams)) {
            return run(streams, kubernetes, out, err);
        }
    }

    private int run(StreamConfig streams, ServeKubernetes kubernetes, PrintWriter out, PrintWriter err)
            throws InterruptedException {
        if (streams.cluster().isPresent()) {
            return ClusterMode.run(streams, kubernetes, once, out, err);
        }
        if (streams.target().isEmpty() && (once || streams.admission().isEmpty())) {
            throw new UserInputException(streams.file() + ": target: vouch serve needs a target (the manifests to roll"
                    + " out to)" + (once ? "" : " or an admission section"));
        }
        JsonLog log = new JsonLog(err, Clock.systemUTC(), once ? JsonLog.Level.WARN : JsonLog.Level.INFO);
        Optional<FromCluster> fromCluster = startFromCluster(streams, kubernetes, log);
        SourceContext context;
        PolicySnapshots policies = null;
        ServeEngine engine;
        try {
            StreamsConfigOption.policy(streams);
            context = StreamsConfigOption.sourceContext(streams);
            if (streams.target().isEmpty()) {
                return admissionOnly(streams, kubernetes, context, fromCluster, log, err);
            }
            policies = followPolicy(streams, context, log);
            engine = open(streams, policies, log);
        } catch (InterruptedException | RuntimeException e) {
            if (policies != null) {
                policies.close();
            }
            fromCluster.ifPresent(FromCluster::close);
            throw e;
        }
        fromCluster.ifPresent(engine::closeWith);
        fromCluster.ifPresent(f -> f.register(engine.metrics()));
        engine.closeWith(policies);
        boolean ok;
        try {
            engine.resubmitCurrent();
            List<ImportResult> results = engine.importAll();
            if (!engine.rollouts().awaitIdle(ROLLOUT_WAIT)) {
                out.println("the Git target has not finished within " + ROLLOUT_WAIT.toMinutes() + " minutes");
            }
            ok = summary(out, streams, engine, results);
        } catch (StoreException e) {
            engine.close();
            throw new UserInputException(streams.state() + ": " + e.getMessage(), e);
        } catch (InterruptedException | RuntimeException e) {
            engine.close();
            throw e;
        }
        if (once) {
            engine.close();
            return ok ? ExitCode.OK : ExitCode.REJECTED;
        }
        return serve(streams, kubernetes, engine, policies, context, log, err);
    }

    /**
     * The admission webhooks, when configured, with the process's Kubernetes client if vouch.yaml has the kubernetes
     * section; their problems at start are user errors naming the field. Beside an engine they decide under the
     * engine's {@code policy} (one policy version for both); alone they follow the policy files themselves.
     */
    static Optional<AdmissionService> startAdmission(StreamConfig streams, ServeKubernetes kubernetes,
                                                     SourceContext context, Optional<PolicySnapshots> policy,
                                                     Metrics metrics, JsonLog log) {
        if (streams.admission().isEmpty()) {
            return Optional.empty();
        }
        Optional<KubernetesClient> client = streams.kubernetes().isPresent() ? Optional.of(kubernetes.client())
                : Optional.empty();
        try {
            if (policy.isPresent()) {
                return Optional.of(AdmissionService.start(streams.admission().get(), policy.get(), metrics, log,
                        Clock.systemUTC(), Optional.empty(), client));
            }
            return Optional.of(AdmissionService.start(streams.admission().get(), streams.policyFile(),
                    streams.registriesDirectory(), context, metrics, log, Clock.systemUTC(), Optional.empty(),
                    client));
        } catch (InvalidPolicyException e) {
            throw new UserInputException(e.getMessage(), e);
        } catch (IOException e) {
            throw new UserInputException(streams.file() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The {@code fromCluster} section started: its objects mirrored to the files the policy is read from, before
     * anything reads them; problems at start are user errors naming the field and the object.
     */
    static Optional<FromCluster> startFromCluster(StreamConfig streams, ServeKubernetes kubernetes, JsonLog log) {
        if (streams.fromCluster().isEmpty()) {
            return Optional.empty();
        }
        try {
            return FromCluster.start(streams, kubernetes.client(), log, Clock.systemUTC());
        } catch (ClusterConfigException e) {
            throw new UserInputException(streams.file() + ": " + e.getMessage(), e);
        }
    }

    /** {@code vouch serve} with an admission section and no target: the webhooks alone. */
    private static int admissionOnly(StreamConfig streams, ServeKubernetes kubernetes, SourceContext context,
                                     Optional<FromCluster> fromCluster, JsonLog log, PrintWriter err)
            throws InterruptedException {
        Metrics metrics = new Metrics();
        fromCluster.ifPresent(f -> f.register(metrics));
        AdmissionService admission;
        try {
            admission = startAdmission(streams, kubernetes, context, Optional.empty(), metrics, log).orElseThrow();
        } catch (RuntimeException e) {
            fromCluster.ifPresent(FromCluster::close);
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            admission.close();
            fromCluster.ifPresent(FromCluster::close);
            kubernetes.close();
            stopped.countDown();
        }, "vouch-shutdown"));
        err.println("vouch: admission webhooks on https://" + admission.address().getHostString() + ":"
                + admission.address().getPort() + " (/validate /mutate /imagereview /healthz); stop with Ctrl-C");
        err.flush();
        stopped.await();
        return ExitCode.OK;
    }

    /**
     * The policy the engine's gate follows (the policy, registries.d and key files, read again when they change; an
     * invalid change is logged and the last valid policy kept).
     */
    static PolicySnapshots followPolicy(StreamConfig streams, SourceContext context, JsonLog log) {
        try {
            return PolicySnapshots.open(streams.policyFile(), streams.registriesDirectory(), context,
                    Clock.systemUTC(), problem -> log.error("serve.policy", Map.of("problem", problem)));
        } catch (InvalidPolicyException e) {
            throw new UserInputException(e.getMessage(), e);
        } catch (IOException e) {
            throw new UserInputException(streams.policyFile() + ": " + e.getMessage(), e);
        }
    }

    private static ServeEngine open(StreamConfig streams, PolicySnapshots policy, JsonLog log) {
        try {
            return ServeEngine.open(streams, policy, log, Clock.systemUTC());
        } catch (GitTargetException e) {
            throw new UserInputException(streams.file() + ": target." + e.getMessage(), e);
        } catch (StoreException e) {
            throw new UserInputException(streams.state() + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage(), e);
        }
    }

    private static int serve(StreamConfig streams, ServeKubernetes kubernetes, ServeEngine engine,
                             PolicySnapshots policies, SourceContext context, JsonLog log, PrintWriter err)
            throws InterruptedException {
        ServeHttp http;
        Optional<AdmissionService> admission;
        try {
            http = engine.startHttp(Optional.empty());
            admission = startAdmission(streams, kubernetes, context, Optional.of(policies), engine.metrics(), log);
        } catch (IOException | RuntimeException e) {
            engine.close();
            if (e instanceof IOException) {
                throw new UserInputException(streams.file() + ": serve: " + e.getMessage(), e);
            }
            throw (RuntimeException) e;
        }
        engine.follow(ServeEngine.newScheduler());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            admission.ifPresent(AdmissionService::close);
            engine.close();
            kubernetes.close();
            stopped.countDown();
        }, "vouch-shutdown"));
        admission.ifPresent(a -> err.println("vouch: admission webhooks on https://" + a.address().getHostString()
                + ":" + a.address().getPort()));
        err.println("vouch: serving on http://" + http.address().getHostString() + ":" + http.address().getPort()
                + " (/healthz /readyz /metrics" + (streams.serve().notificationTokenFile().isPresent()
                ? " /notifications" : "") + "); following " + engine.tags().size() + " tag(s); stop with Ctrl-C");
        err.flush();
        stopped.await();
        return ExitCode.OK;
    }

    /** Prints each import and rollout, the changed manifest lines and the manifests' problems; true if all went well. */
    private static boolean summary(PrintWriter out, StreamConfig streams, ServeEngine engine,
                                   List<ImportResult> results) throws StoreException {
        boolean ok = true;
        for (ImportResult result : results) {
            out.println(ImportCommand.describe(result, engine.store().tagState(result.tag())));
            ok &= result.accepted() || result instanceof ImportResult.Paused;
        }
        Path directory = streams.target().orElseThrow().directory();
        for (RolloutOutcome outcome : engine.rollouts().outcomes()) {
            ok &= outcome.result() != RolloutResult.FAILED;
            out.println("rollout of " + outcome.tag() + " " + outcome.digest() + " to " + outcome.path() + ": "
                    + outcome.result().name().toLowerCase(java.util.Locale.ROOT)
                    + outcome.commit().map(c -> " in commit " + c).orElse("")
                    + outcome.problem().map(p -> ": " + p).orElse(""));
            if (outcome.result() != RolloutResult.FAILED) {
                printLines(out, directory, outcome);
            }
        }
        for (String problem : engine.rollouts().manifestProblems()) {
            out.println("manifest problem: " + problem);
        }
        out.flush();
        return ok;
    }

    /** The lines of the manifest that now carry the digest. */
    private static void printLines(PrintWriter out, Path directory, RolloutOutcome outcome) {
        List<String> lines;
        try {
            lines = List.of(new String(Files.readAllBytes(directory.resolve(outcome.path())), StandardCharsets.UTF_8)
                    .split("\n", -1));
        } catch (IOException e) {
            return;
        }
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(outcome.digest().toString())) {
                out.println("  " + outcome.path() + ":" + (i + 1) + ": " + lines.get(i).strip());
            }
        }
    }
}
