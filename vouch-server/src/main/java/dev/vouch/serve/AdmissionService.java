package dev.vouch.serve;

import dev.vouch.admission.AdmissionDecider;
import dev.vouch.admission.NamespaceRules;
import dev.vouch.admission.PolicyImageChecker;
import dev.vouch.admission.PolicySnapshots;
import dev.vouch.log.JsonLog;
import dev.vouch.metrics.Metrics;
import dev.vouch.policy.InvalidPolicyException;
import dev.vouch.stream.AdmissionSettings;
import dev.vouch.transport.SourceContext;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The admission side of {@code vouch serve}: the policy followed from its files, the registry-backed checker, the
 * decider and the HTTPS webhooks. Checks and the images of one request run on separate pools, so that requests
 * waiting for checks can never take every thread the checks need. Given a Kubernetes client, it also follows
 * namespace labels (modes), pods' pull secrets (credentials) and records Events for refused images
 * ({@link AdmissionCluster}); without one, it decides from its files alone.
 */
public final class AdmissionService implements AutoCloseable {
    private final PolicySnapshots snapshots;
    private final boolean ownsSnapshots;
    private final ExecutorService checks;
    private final ExecutorService images;
    private final AdmissionHttps https;
    private final Optional<AdmissionCluster> cluster;

    private AdmissionService(PolicySnapshots snapshots, boolean ownsSnapshots, ExecutorService checks,
                             ExecutorService images, AdmissionHttps https, Optional<AdmissionCluster> cluster) {
        this.snapshots = snapshots;
        this.ownsSnapshots = ownsSnapshots;
        this.checks = checks;
        this.images = images;
        this.https = https;
        this.cluster = cluster;
    }

    /** Starts the webhooks deciding from files alone (no Kubernetes API). */
    public static AdmissionService start(AdmissionSettings settings, Path policyFile,
                                         Optional<Path> registriesDirectory, SourceContext base, Metrics metrics,
                                         JsonLog log, Clock clock, Optional<InetSocketAddress> address)
            throws InvalidPolicyException, IOException {
        return start(settings, policyFile, registriesDirectory, base, metrics, log, clock, address,
                Optional.empty());
    }

    /**
     * Reads the policy and the serving certificate and starts the webhooks.
     *
     * @param address where to listen instead of the configured address, if given
     * @param kubernetes the cluster's API, for namespace labels, pull secrets and Events (not closed by the service)
     * @throws InvalidPolicyException if the policy at start is invalid
     * @throws IOException if the certificate cannot be read or the address cannot be bound (one line, naming it)
     */
    public static AdmissionService start(AdmissionSettings settings, Path policyFile,
                                         Optional<Path> registriesDirectory, SourceContext base, Metrics metrics,
                                         JsonLog log, Clock clock, Optional<InetSocketAddress> address,
                                         Optional<KubernetesClient> kubernetes)
            throws InvalidPolicyException, IOException {
        ServingCertificate certificate = certificate(settings, log, clock);
        PolicySnapshots snapshots = PolicySnapshots.open(policyFile, registriesDirectory, base, clock,
                problem -> log.error("admission.policy", Map.of("problem", problem)));
        return start(settings, certificate, snapshots, true, metrics, log, clock, address, kubernetes);
    }

    /**
     * Starts the webhooks deciding under {@code policy}, which the caller follows and closes (the engine's, so that
     * the controller and admission always decide under the same policy version).
     *
     * @throws IOException if the certificate cannot be read or the address cannot be bound (one line, naming it)
     */
    public static AdmissionService start(AdmissionSettings settings, PolicySnapshots policy, Metrics metrics,
                                         JsonLog log, Clock clock, Optional<InetSocketAddress> address,
                                         Optional<KubernetesClient> kubernetes) throws IOException {
        return start(settings, certificate(settings, log, clock), policy, false, metrics, log, clock, address,
                kubernetes);
    }

    private static ServingCertificate certificate(AdmissionSettings settings, JsonLog log, Clock clock)
            throws IOException {
        try {
            return ServingCertificate.load(settings.certificateFile(), settings.keyFile(), clock,
                    problem -> log.warn("admission.certificate", Map.of("problem", problem)));
        } catch (IOException e) {
            throw new IOException("admission.tls: " + e.getMessage(), e);
        }
    }

    private static AdmissionService start(AdmissionSettings settings, ServingCertificate certificate,
                                          PolicySnapshots snapshots, boolean ownsSnapshots, Metrics metrics,
                                          JsonLog log, Clock clock, Optional<InetSocketAddress> address,
                                          Optional<KubernetesClient> kubernetes) throws IOException {
        metrics.gauge("vouch_admission_policy_invalid", "1 while the policy files on disk are invalid and the last"
                + " valid policy is used instead.", () -> snapshots.problem().isPresent() ? 1 : 0);
        ExecutorService checks = Executors.newFixedThreadPool(16, daemon("vouch-admission-check"));
        ExecutorService images = Executors.newCachedThreadPool(daemon("vouch-admission-image"));
        Optional<AdmissionCluster> cluster = kubernetes.map(client -> AdmissionCluster.start(client, settings,
                metrics, log, clock));
        try {
            PolicyImageChecker checker = new PolicyImageChecker(snapshots, settings.grace(), checks, clock);
            AdmissionDecider decider = cluster.map(c -> new AdmissionDecider(checker, images,
                    Optional.of(c.pullSecrets()), c.events())).orElseGet(() -> new AdmissionDecider(checker, images));
            NamespaceRules rules = cluster.<NamespaceRules>map(AdmissionCluster::rules).orElse(settings.rules());
            InetSocketAddress bind = address.orElseGet(() -> new InetSocketAddress(settings.host(), settings.port()));
            AdmissionHttps https = AdmissionHttps.start(bind, certificate, decider, rules, metrics, clock);
            log.info("admission.listening", Map.of("address", https.address().getHostString() + ":"
                    + https.address().getPort(), "policy", snapshots.get().version(), "kubernetes",
                    cluster.isPresent()));
            return new AdmissionService(snapshots, ownsSnapshots, checks, images, https, cluster);
        } catch (IOException | RuntimeException e) {
            cluster.ifPresent(AdmissionCluster::close);
            checks.shutdownNow();
            images.shutdownNow();
            if (ownsSnapshots) {
                snapshots.close();
            }
            throw e;
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The address the webhooks listen on. */
    public InetSocketAddress address() {
        return https.address();
    }

    /** Why the policy files on disk are not in use, if they are not. */
    public Optional<String> policyProblem() {
        return snapshots.problem();
    }

    @Override
    public void close() {
        https.close();
        cluster.ifPresent(AdmissionCluster::close);
        images.shutdownNow();
        checks.shutdownNow();
        if (ownsSnapshots) {
            snapshots.close();
        }
    }
}
