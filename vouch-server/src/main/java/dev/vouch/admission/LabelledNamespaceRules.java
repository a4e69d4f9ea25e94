package dev.vouch.admission;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * vouch.yaml's rules refined by the label {@value #MODE_LABEL} on each namespace, as Pod Security Admission reads
 * its labels. Values: {@code enforce}, {@code warn}, {@code audit}, {@code exempt}. Precedence ({@link #resolve}):
 * <ol>
 * <li>a namespace vouch.yaml exempts is exempt, whatever its labels;</li>
 * <li>a label stricter than (or equal to) the mode vouch.yaml gives the namespace applies;</li>
 * <li>a label less strict ({@code exempt} being the least strict) is ignored and logged, unless vouch.yaml allows
 *     relaxing by label ({@code admission.relaxByLabel: true}): whoever may label a namespace could otherwise switch
 *     enforcement off;</li>
 * <li>a value that is none of the above counts as the strictest mode vouch.yaml configures anywhere, and is
 *     logged;</li>
 * <li>until the namespaces are synced (and for a namespace not yet seen), vouch.yaml's rules alone apply.</li>
 * </ol>
 * Log lines are written once per namespace and label value, not per request.
 */
public final class LabelledNamespaceRules implements NamespaceRules {
    /** The label that sets a namespace's mode. */
    public static final String MODE_LABEL = "admission.vouch.dev/mode";
    /** The label value that exempts a namespace (only where vouch.yaml allows relaxing by label). */
    public static final String EXEMPT = "exempt";

    private final ConfiguredNamespaceRules configured;
    private final NamespaceLabels labels;
    private final boolean relaxByLabel;
    private final AdmissionMode strictest;
    private final BiConsumer<String, Map<String, String>> log;
    private final Map<String, String> logged = new ConcurrentHashMap<>();
    private final AtomicBoolean loggedUnsynced = new AtomicBoolean();

    /** What a namespace gets: exempt, or checked in a mode. */
    public record Decision(boolean exempt, AdmissionMode mode) {
        public Decision {
            Objects.requireNonNull(mode, "mode");
        }
    }

    /**
     * @param log told {@code (event, fields)} when a label is ignored, unknown, or the labels are not synced yet
     */
    public LabelledNamespaceRules(ConfiguredNamespaceRules configured, NamespaceLabels labels, boolean relaxByLabel,
                                  BiConsumer<String, Map<String, String>> log) {
        this.configured = Objects.requireNonNull(configured, "configured");
        this.labels = Objects.requireNonNull(labels, "labels");
        this.relaxByLabel = relaxByLabel;
        this.log = Objects.requireNonNull(log, "log");
        this.strictest = strictestOf(configured);
    }

    /** The strictest mode vouch.yaml configures: its default or any namespace's. */
    static AdmissionMode strictestOf(ConfiguredNamespaceRules configured) {
        AdmissionMode strictest = configured.defaultMode();
        for (AdmissionMode mode : configured.modes().values()) {
            if (mode.compareTo(strictest) < 0) {
                strictest = mode;
            }
        }
        return strictest;
    }

    /**
     * The precedence rules, as a pure function.
     *
     * @param configuredExempt whether vouch.yaml exempts the namespace
     * @param configuredMode the mode vouch.yaml gives it
     * @param strictest the strictest mode vouch.yaml configures anywhere
     * @param label the value of {@value #MODE_LABEL}, empty when absent or not known yet
     * @param relaxByLabel whether a label may relax the configured mode
     */
    public static Decision resolve(boolean configuredExempt, AdmissionMode configuredMode, AdmissionMode strictest,
                                   Optional<String> label, boolean relaxByLabel) {
        if (configuredExempt) {
            return new Decision(true, configuredMode);
        }
        if (label.isEmpty()) {
            return new Decision(false, configuredMode);
        }
        if (label.get().equals(EXEMPT)) {
            return new Decision(relaxByLabel, configuredMode);
        }
        Optional<AdmissionMode> labelled = AdmissionMode.parse(label.get());
        if (labelled.isEmpty()) {
            return new Decision(false, strictest.compareTo(configuredMode) < 0 ? strictest : configuredMode);
        }
        boolean stricter = labelled.get().compareTo(configuredMode) <= 0;
        return new Decision(false, stricter || relaxByLabel ? labelled.get() : configuredMode);
    }

    /** The decision for {@code namespace}, logging (once per value) a label that is ignored or unknown. */
    public Decision decide(String namespace) {
        boolean configuredExempt = configured.exempt(namespace);
        AdmissionMode configuredMode = configured.mode(namespace);
        if (configuredExempt) {
            return new Decision(true, configuredMode);
        }
        if (!labels.synced()) {
            if (loggedUnsynced.compareAndSet(false, true)) {
                log.accept("admission.labels_not_synced", Map.of("namespace", namespace, "using",
                        "vouch.yaml's rules only until the namespaces are read"));
            }
            return new Decision(false, configuredMode);
        }
        loggedUnsynced.set(false);
        Optional<String> label = labels.labels(namespace).flatMap(l -> Optional.ofNullable(l.get(MODE_LABEL)));
        Decision decision = resolve(false, configuredMode, strictest, label, relaxByLabel);
        label.ifPresent(value -> report(namespace, value, configuredMode, decision));
        return decision;
    }

    private void report(String namespace, String value, AdmissionMode configuredMode, Decision decision) {
        boolean known = value.equals(EXEMPT) || AdmissionMode.parse(value).isPresent();
        boolean applied = known && (value.equals(EXEMPT) ? decision.exempt() : decision.mode().label().equals(value));
        if (applied || value.equals(logged.get(namespace))) {
            return;
        }
        logged.put(namespace, value);
        if (!known) {
            log.accept("admission.label_unknown", Map.of("namespace", namespace, "label", MODE_LABEL, "value",
                    value, "mode", decision.mode().label(), "expected", "enforce, warn, audit or exempt"));
        } else {
            log.accept("admission.label_ignored", Map.of("namespace", namespace, "label", MODE_LABEL, "value",
                    value, "mode", configuredMode.label(), "why", "a label may not relax the mode vouch.yaml"
                            + " sets unless admission.relaxByLabel is true"));
        }
    }

    @Override
    public boolean exempt(String namespace) {
        return decide(namespace).exempt();
    }

    @Override
    public AdmissionMode mode(String namespace) {
        return decide(namespace).mode();
    }

    @Override
    public boolean pinDigests(String namespace) {
        return configured.pinDigests(namespace);
    }
}
