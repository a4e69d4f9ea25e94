package dev.vouch.schedule;

/** One poll of one followed tag (for vouch: a HEAD request, and a verification when the digest moved). */
@FunctionalInterface
public interface PollTask {

    /** Polls once. Should not throw; an exception counts as {@link PollOutcome#failed()}. */
    PollOutcome poll();
}
