package dev.vouch.copy;

import dev.vouch.verify.Verdict;
import java.io.IOException;
import java.util.Objects;

/** The source image (or one of its instances) is not accepted by the policy; nothing was written. */
public final class PolicyRejectedException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Verdict verdict;

    public PolicyRejectedException(Verdict verdict) {
        super("Source image rejected: " + verdict.summary());
        this.verdict = Objects.requireNonNull(verdict, "verdict");
    }

    public Verdict verdict() {
        return verdict;
    }
}
