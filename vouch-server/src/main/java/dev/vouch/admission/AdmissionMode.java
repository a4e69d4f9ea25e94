package dev.vouch.admission;

import java.util.Locale;
import java.util.Optional;

/** What admission does with a refused image in a namespace; declared from the strictest to the least strict. */
public enum AdmissionMode {
    /** Deny the request. */
    ENFORCE,
    /** Admit it, with a warning the user sees ({@code kubectl} prints it). */
    WARN,
    /** Admit it silently; the refusal is recorded in the audit annotations and the metrics. */
    AUDIT;

    /** The mode named {@code enforce}, {@code warn} or {@code audit}. */
    public static Optional<AdmissionMode> parse(String name) {
        for (AdmissionMode mode : values()) {
            if (mode.label().equals(name)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }

    /** The lowercase name used in labels and configuration. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
