package dev.vouch.gate;

import dev.vouch.reference.Digest;
import dev.vouch.store.HistoryEntry;
import dev.vouch.stream.StreamTagName;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** What one import of a tag did. */
public sealed interface ImportResult permits ImportResult.Verified, ImportResult.Known, ImportResult.Failed,
        ImportResult.Paused {

    StreamTagName tag();

    /** Whether the digest the tag points at is accepted (false for a failed or paused import). */
    boolean accepted();

    /**
     * The tag pointed at a digest not verified before (or rejected under another policy file): the policy's verdict
     * is recorded in {@code entry}.
     *
     * @param change the new current digest, if the verdict accepted it and the tag is not pinned
     */
    record Verified(StreamTagName tag, HistoryEntry entry, Optional<CurrentDigestChange> change)
            implements ImportResult {
        public Verified {
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(entry, "entry");
            Objects.requireNonNull(change, "change");
        }

        @Override
        public boolean accepted() {
            return entry.accepted();
        }
    }

    /**
     * The tag pointed at a digest already in its history, whose verdict stands: nothing was verified.
     *
     * @param change the new current digest, if the tag moved back to an accepted digest and is not pinned
     */
    record Known(StreamTagName tag, HistoryEntry entry, Optional<CurrentDigestChange> change) implements ImportResult {
        public Known {
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(entry, "entry");
            Objects.requireNonNull(change, "change");
        }

        @Override
        public boolean accepted() {
            return entry.accepted();
        }
    }

    /**
     * No verdict could be reached (the registry could not be read, the tag is missing, the image changed while it was
     * read): recorded as a failed attempt; no digest was accepted or rejected.
     *
     * @param digest the digest being verified, if the tag could be resolved
     * @param kind why, for retrying and alerting
     * @param retryAfter how long the registry asked to wait before the next request, if it did (the importer takes
     *     more than an hour as an hour)
     */
    record Failed(StreamTagName tag, Optional<Digest> digest, String error, FailureKind kind,
                  Optional<Duration> retryAfter) implements ImportResult {
        public Failed {
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(digest, "digest");
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(retryAfter, "retryAfter");
            if (retryAfter.isPresent() && retryAfter.get().isNegative()) {
                throw new IllegalArgumentException("retryAfter must not be negative");
            }
        }

        /** A failure of {@code kind} without a {@code Retry-After}. */
        public Failed(StreamTagName tag, Optional<Digest> digest, String error, FailureKind kind) {
            this(tag, digest, error, kind, Optional.empty());
        }

        @Override
        public boolean accepted() {
            return false;
        }
    }

    /** The tag is paused in the configuration: not imported. */
    record Paused(StreamTagName tag) implements ImportResult {
        public Paused {
            Objects.requireNonNull(tag, "tag");
        }

        @Override
        public boolean accepted() {
            return false;
        }
    }
}
