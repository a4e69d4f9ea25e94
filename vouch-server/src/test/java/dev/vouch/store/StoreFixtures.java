package dev.vouch.store;

import dev.vouch.reference.Digest;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Digests and verdicts for store tests. */
final class StoreFixtures {
    private StoreFixtures() {
    }

    static Digest digest(String seed) {
        return Digest.sha256(seed.getBytes(StandardCharsets.UTF_8));
    }

    static RecordedVerdict accepted(String signer) {
        return new RecordedVerdict(true, "docker://h.io/app:prod", "docker scope \"\"",
                List.of(new RecordedVerdict.Signer(signer, "h.io/app:prod")),
                List.of(new RecordedVerdict.RequirementResult("signedBy GPGKeys", true, "signed by " + signer)),
                "docker://h.io/app:prod: ACCEPTED\n");
    }

    static RecordedVerdict rejected(String reason) {
        return new RecordedVerdict(false, "docker://h.io/app:prod", "docker scope \"\"", List.of(),
                List.of(new RecordedVerdict.RequirementResult("signedBy GPGKeys", false, reason)),
                "docker://h.io/app:prod: REJECTED\n");
    }
}
