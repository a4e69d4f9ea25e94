package dev.vouch.store;

import dev.vouch.reference.Digest;
import dev.vouch.stream.StreamTagName;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One digest a tag has pointed at, with the verdict on it and where it was rolled out.
 *
 * @param tag the tag
 * @param digest the manifest digest
 * @param firstSeen when an import first saw the tag at this digest
 * @param lastSeen when an import last saw the tag move to this digest
 * @param verifiedAt when the verdict was reached
 * @param verdict the policy's verdict on this digest, for this tag's identity
 * @param policyDigest the sha256 digest of the policy file the verdict was reached under
 * @param rollouts the rollouts of this digest, oldest first
 */
public record HistoryEntry(StreamTagName tag, Digest digest, Instant firstSeen, Instant lastSeen, Instant verifiedAt,
                           RecordedVerdict verdict, String policyDigest, List<Rollout> rollouts) {

    public HistoryEntry {
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
        Objects.requireNonNull(verifiedAt, "verifiedAt");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(policyDigest, "policyDigest");
        rollouts = List.copyOf(rollouts);
    }

    public boolean accepted() {
        return verdict.accepted();
    }
}
