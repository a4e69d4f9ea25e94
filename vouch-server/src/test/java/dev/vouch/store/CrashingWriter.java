package dev.vouch.store;

import static dev.vouch.store.StoreFixtures.accepted;
import static dev.vouch.store.StoreFixtures.digest;
import static dev.vouch.store.StoreFixtures.rejected;

import dev.vouch.stream.StreamTagName;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * A process that writes to a store until it is killed: digest N of a tag, accepted or rejected, then a rollout of
 * it, with pins and unpins in between; prints {@code committed N} after each step is committed.
 */
public final class CrashingWriter {
    private CrashingWriter() {
    }

    public static void main(String[] args) throws Exception {
        StreamTagName tag = StreamTagName.parse("app:prod");
        try (SqliteStateStore store = SqliteStateStore.open(Path.of(args[0]))) {
            int n = store.history(tag).size();
            while (true) {
                Instant now = Instant.now();
                store.recordVerdict(tag, digest("d" + n), n % 3 == 2 ? rejected("unsigned") : accepted("K"), "p", now);
                if (n % 3 != 2) {
                    store.recordRollout(tag, digest("d" + n), new Rollout("git", RolloutResult.SUCCEEDED,
                            Optional.of("commit-" + n), Optional.empty(), now));
                }
                if (n % 7 == 3) {
                    store.pin(tag, Optional.empty(), now);
                } else if (n % 7 == 5) {
                    store.unpin(tag, now);
                }
                System.out.println("committed " + n);
                System.out.flush();
                n++;
            }
        }
    }
}
