package dev.vouch.admission;

import dev.vouch.gate.GatePolicy;
import dev.vouch.policy.InvalidPolicyException;
import dev.vouch.policy.PolicyKeyFiles;
import dev.vouch.transport.SharedResources;
import dev.vouch.transport.SourceContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The current {@link PolicySnapshot}, read again when its files change: the policy file, the files of registries.d
 * and the key files the policy names are looked at every {@link #CHECK_INTERVAL} by one background thread
 * ({@code vouch-policy-refresh}), so that {@link #get()} only returns the current version and no caller pays for
 * reading, hashing or parsing the files. A changed policy that is invalid does not replace the last valid one: it is
 * reported (once per distinct content) and {@link #problem()} says so until a valid one arrives, so that a typo
 * cannot open or close the cluster. Each version has its own shared registry clients; a replaced version's are
 * closed after {@link #RETIRE_AFTER}, when the checks still using them are done.
 */
public final class PolicySnapshots implements Supplier<PolicySnapshot>, AutoCloseable {
    public static final Duration CHECK_INTERVAL = Duration.ofSeconds(2);
    static final Duration RETIRE_AFTER = Duration.ofMinutes(5);

    private final Path policyFile;
    private final Optional<Path> registriesDirectory;
    private final SourceContext base;
    private final Clock clock;
    private final Consumer<String> problems;
    private final ScheduledExecutorService refresher;
    private final List<Retired> retired = new ArrayList<>();
    private volatile PolicySnapshot current;
    private SharedResources currentResources;
    private volatile Optional<String> problem = Optional.empty();
    private String lastBadFingerprint = "";
    private boolean closed;

    private record Retired(SharedResources resources, Instant closeAt) {
    }

    private PolicySnapshots(Path policyFile, Optional<Path> registriesDirectory, SourceContext base, Clock clock,
                            Consumer<String> problems) {
        this.policyFile = policyFile;
        this.registriesDirectory = registriesDirectory;
        this.base = base;
        this.clock = clock;
        this.problems = problems;
        this.refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "vouch-policy-refresh");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Reads the first version and starts looking at the files every {@link #CHECK_INTERVAL}; an invalid policy at
     * start is an error (there is no last valid one to keep).
     *
     * @param base the registry settings (credentials, TLS) every version uses, with its registries.d replaced by
     *     {@code registriesDirectory}
     * @param clock when replaced registry clients are closed ({@link #RETIRE_AFTER})
     * @param problems told, in one line, when a changed policy cannot be used
     */
    public static PolicySnapshots open(Path policyFile, Optional<Path> registriesDirectory, SourceContext base,
                                       Clock clock, Consumer<String> problems)
            throws InvalidPolicyException, IOException {
        PolicySnapshots snapshots = new PolicySnapshots(policyFile, registriesDirectory, base, clock, problems);
        try {
            snapshots.load();
        } catch (InvalidPolicyException | IOException | RuntimeException e) {
            snapshots.refresher.shutdownNow();
            throw e;
        }
        long interval = CHECK_INTERVAL.toMillis();
        snapshots.refresher.scheduleWithFixedDelay(snapshots::refreshInBackground, interval, interval,
                TimeUnit.MILLISECONDS);
        return snapshots;
    }

    /** The current version, as the last look at the files left it. */
    @Override
    public PolicySnapshot get() {
        return current;
    }

    /** Why the files on disk are not in use, if they are not: the alert condition of an invalid new policy. */
    public Optional<String> problem() {
        return problem;
    }

    /**
     * Looks at the files now, on the calling thread, as the background thread does every {@link #CHECK_INTERVAL}:
     * a changed valid policy becomes current, a changed invalid one is reported, replaced registry clients whose
     * time is up are closed. For whoever must know that a change made on disk is seen (tests, mostly).
     */
    public synchronized void refreshNow() {
        if (closed) {
            return;
        }
        closeRetired(clock.instant());
        String fingerprint;
        try {
            fingerprint = fingerprint(Optional.of(current.policy()));
        } catch (IOException e) {
            report("policy not reloaded, the previous one is kept: " + e.getMessage(), "unreadable");
            return;
        }
        if (fingerprint.equals(current.version())) {
            problem = Optional.empty();
            lastBadFingerprint = "";
            return;
        }
        if (fingerprint.equals(lastBadFingerprint)) {
            return;
        }
        try {
            load();
            problem = Optional.empty();
            lastBadFingerprint = "";
        } catch (InvalidPolicyException | IOException e) {
            report("policy not reloaded, the previous one is kept: " + e.getMessage(), fingerprint);
        }
    }

    /**
     * One look from the background thread; an unexpected failure keeps the last valid policy and is reported, as an
     * invalid one is, and never ends the periodic looks (an exception escaping a scheduled task would).
     */
    private void refreshInBackground() {
        try {
            refreshNow();
        } catch (RuntimeException e) {
            synchronized (this) {
                report("policy not reloaded, the previous one is kept: " + e, "failed: " + e);
            }
        }
    }

    private void report(String message, String fingerprint) {
        problem = Optional.of(message);
        if (!fingerprint.equals(lastBadFingerprint)) {
            lastBadFingerprint = fingerprint;
            problems.accept(message);
        }
    }

    /** Parses the policy and makes it current; the version is computed again with the new policy's key files. */
    private void load() throws InvalidPolicyException, IOException {
        GatePolicy policy = GatePolicy.load(policyFile);
        String version = fingerprint(Optional.of(policy));
        SharedResources resources = new SharedResources();
        SourceContext context = base.withSharedResources(resources);
        if (registriesDirectory.isPresent()) {
            context = context.withRegistriesDirectory(registriesDirectory.get());
        }
        if (currentResources != null) {
            retired.add(new Retired(currentResources, clock.instant().plus(RETIRE_AFTER)));
        }
        currentResources = resources;
        current = new PolicySnapshot(policy, version, context);
    }

    /** A digest of the policy file, the registries.d files and (given a policy) the key files it names. */
    private String fingerprint(Optional<GatePolicy> policy) throws IOException {
        MessageDigest digest = sha256();
        add(digest, policyFile);
        if (registriesDirectory.isPresent() && Files.isDirectory(registriesDirectory.get())) {
            List<Path> files;
            try (Stream<Path> listed = Files.list(registriesDirectory.get())) {
                files = listed.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList();
            }
            for (Path file : files) {
                add(digest, file);
            }
        }
        if (policy.isPresent()) {
            for (Path file : PolicyKeyFiles.of(policy.get().policy())) {
                add(digest, file);
            }
        }
        return "sha256:" + HexFormat.of().formatHex(digest.digest());
    }

    private static void add(MessageDigest digest, Path file) throws IOException {
        digest.update(file.toString().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        try {
            byte[] bytes = Files.readAllBytes(file);
            digest.update(Long.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
            digest.update((byte) 0);
            digest.update(bytes);
        } catch (NoSuchFileException e) {
            digest.update("missing".getBytes(StandardCharsets.US_ASCII));
        }
        digest.update((byte) 0);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    private void closeRetired(Instant now) {
        retired.removeIf(r -> {
            if (now.isBefore(r.closeAt())) {
                return false;
            }
            r.resources().close();
            return true;
        });
    }

    /** Stops looking at the files and closes every version's registry clients. */
    @Override
    public void close() {
        // Not interrupted: a look in progress finishes (an interrupted read would be reported as a problem), the
        // next ones do nothing.
        refresher.shutdown();
        synchronized (this) {
            closed = true;
            retired.forEach(r -> r.resources().close());
            retired.clear();
            if (currentResources != null) {
                currentResources.close();
            }
        }
    }
}
