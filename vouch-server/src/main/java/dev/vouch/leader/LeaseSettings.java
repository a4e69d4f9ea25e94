package dev.vouch.leader;

import dev.vouch.trigger.KubernetesNames;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The Lease the replicas of {@code vouch serve} compete for.
 *
 * <p>A leader renews the lease every {@code retryPeriod}; if it has not renewed it for {@code renewDeadline} it stops
 * working (and its {@link Fence} fails from that moment); another replica takes the lease once it has not been renewed
 * for {@code duration}. The gap between the two ({@code duration - renewDeadline}) is what covers a write already on
 * its way when the fence closes, and the clocks' drift.
 *
 * @param name the Lease's name
 * @param namespace the Lease's namespace; empty for the namespace vouch runs in (its client's)
 * @param duration how long a lease not renewed stays with its holder
 * @param renewDeadline how long a leader keeps working without renewing
 * @param retryPeriod how often a leader renews, and a standby tries to take the lease
 */
public record LeaseSettings(String name, Optional<String> namespace, Duration duration, Duration renewDeadline,
                            Duration retryPeriod) {
    public static final String DEFAULT_NAME = "vouch-controller";
    public static final Duration DEFAULT_DURATION = Duration.ofSeconds(15);
    public static final Duration DEFAULT_RENEW_DEADLINE = Duration.ofSeconds(10);
    public static final Duration DEFAULT_RETRY_PERIOD = Duration.ofSeconds(2);
    /** The defaults: lease {@value #DEFAULT_NAME} in vouch's namespace, 15 s, 10 s, 2 s (as kube-controller-manager). */
    public static final LeaseSettings DEFAULT = new LeaseSettings(DEFAULT_NAME, Optional.empty(), DEFAULT_DURATION,
            DEFAULT_RENEW_DEADLINE, DEFAULT_RETRY_PERIOD);

    public LeaseSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(renewDeadline, "renewDeadline");
        Objects.requireNonNull(retryPeriod, "retryPeriod");
        if (!KubernetesNames.isDnsSubdomain(name)) {
            throw new IllegalArgumentException("name: \"" + name + "\" is not a valid Lease name (a DNS subdomain)");
        }
        namespace.ifPresent(ns -> {
            if (!KubernetesNames.isDnsLabel(ns)) {
                throw new IllegalArgumentException("namespace: \"" + ns + "\" is not a valid namespace (a DNS label)");
            }
        });
        if (retryPeriod.toMillis() < 100) {
            throw new IllegalArgumentException("retryPeriod: must be at least 100ms");
        }
        // fabric8's LeaderElector requires renewDeadline > retryPeriod * 1.2 (its jitter) and duration > renewDeadline.
        if (renewDeadline.toMillis() * 10 <= retryPeriod.toMillis() * 12) {
            throw new IllegalArgumentException("renewDeadline: must be more than 1.2 times retryPeriod");
        }
        if (duration.compareTo(renewDeadline) <= 0) {
            throw new IllegalArgumentException("duration: must be longer than renewDeadline");
        }
    }

    public LeaseSettings withTimes(Duration duration, Duration renewDeadline, Duration retryPeriod) {
        return new LeaseSettings(name, namespace, duration, renewDeadline, retryPeriod);
    }
}
