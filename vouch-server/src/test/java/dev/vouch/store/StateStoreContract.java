package dev.vouch.store;

import static dev.vouch.store.StoreFixtures.accepted;
import static dev.vouch.store.StoreFixtures.digest;
import static dev.vouch.store.StoreFixtures.rejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vouch.reference.Digest;
import dev.vouch.stream.StreamTagName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link StateStore}, run against each implementation by a subclass: the rules of current digests,
 * pins, history, failures and concurrent writers.
 */
abstract class StateStoreContract {
    static final StreamTagName PROD = StreamTagName.parse("app:prod");
    static final String POLICY = "sha256:policy";
    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    /** A store holding the state of {@link #PROD}, empty at the start of each test. */
    abstract StateStore open() throws Exception;

    /** A second store over the same state, as another process or replica would open it. */
    abstract StateStore openAnother() throws Exception;

    /** What a writer does between two changes in {@link #twoWritersAtOnceLoseNothing}; nothing by default. */
    void betweenWrites() throws InterruptedException {
    }

    static Instant at(int minutes) {
        return T0.plusSeconds(60L * minutes);
    }

    @Test
    void anAcceptedDigestBecomesCurrentAndARejectedOneLeavesIt() throws Exception {
        Digest a = digest("a");
        Digest b = digest("b");
        try (StateStore store = open()) {
            assertThat(store.recordVerdict(PROD, a, accepted("K"), POLICY, at(1)))
                    .contains(new CurrentChange(PROD, Optional.empty(), a, false));
            assertThat(store.recordVerdict(PROD, b, rejected("no signature"), POLICY, at(2))).isEmpty();
            assertThat(store.tagState(PROD)).isEqualTo(new TagState(PROD, Optional.of(a), false, Optional.of(b)));
            assertThat(store.history(PROD)).extracting(HistoryEntry::digest).containsExactly(b, a);
        }
    }

    @Test
    void aTagMovingBackToAnAcceptedDigestMakesItCurrentAgain() throws Exception {
        Digest a = digest("a");
        Digest b = digest("b");
        try (StateStore store = open()) {
            store.recordVerdict(PROD, a, accepted("K"), POLICY, at(1));
            store.recordVerdict(PROD, b, accepted("K"), POLICY, at(2));
            assertThat(store.recordSeen(PROD, b, at(3))).isEmpty();
            assertThat(store.recordSeen(PROD, a, at(4))).contains(new CurrentChange(PROD, Optional.of(b), a, false));
            HistoryEntry entryA = store.entry(PROD, a).orElseThrow();
            assertThat(entryA.firstSeen()).isEqualTo(at(1));
            assertThat(entryA.lastSeen()).isEqualTo(at(4));
            assertThat(store.history(PROD)).extracting(HistoryEntry::digest).containsExactly(a, b);
        }
    }

    @Test
    void aPinHoldsAgainstNewerAcceptedDigestsUntilUnpinned() throws Exception {
        Digest a = digest("a");
        Digest b = digest("b");
        Digest c = digest("c");
        try (StateStore store = open()) {
            store.recordVerdict(PROD, a, accepted("K"), POLICY, at(1));
            store.recordVerdict(PROD, b, accepted("K"), POLICY, at(2));
            assertThat(store.pin(PROD, Optional.empty(), at(3))).isEqualTo(new CurrentChange(PROD, Optional.of(b), a,
                    true));
            assertThat(store.recordVerdict(PROD, c, accepted("K"), POLICY, at(4))).isEmpty();
            assertThat(store.tagState(PROD)).isEqualTo(new TagState(PROD, Optional.of(a), true, Optional.of(c)));
            assertThat(store.unpin(PROD, at(5))).contains(new CurrentChange(PROD, Optional.of(a), c, false));
            assertThat(store.tagState(PROD).pinned()).isFalse();
        }
    }

    @Test
    void refusesToPinToARejectedUnknownOrMissingEarlierDigest() throws Exception {
        Digest a = digest("a");
        Digest bad = digest("bad");
        try (StateStore store = open()) {
            assertThatThrownBy(() -> store.pin(PROD, Optional.empty(), at(0))).isInstanceOf(PinRefusedException.class)
                    .hasMessageContaining("no history");
            store.recordVerdict(PROD, a, accepted("K"), POLICY, at(1));
            store.recordVerdict(PROD, bad, rejected("unsigned"), POLICY, at(2));
            assertThatThrownBy(() -> store.pin(PROD, Optional.of(bad), at(3))).isInstanceOf(PinRefusedException.class)
                    .hasMessageContaining("is not an accepted digest");
            assertThatThrownBy(() -> store.pin(PROD, Optional.of(digest("never")), at(3)))
                    .isInstanceOf(PinRefusedException.class).hasMessageContaining("is not an accepted digest");
            assertThatThrownBy(() -> store.pin(PROD, Optional.empty(), at(3))).isInstanceOf(PinRefusedException.class)
                    .hasMessageContaining("no accepted digest of app:prod is older");
            assertThat(store.tagState(PROD)).isEqualTo(new TagState(PROD, Optional.of(a), false, Optional.of(bad)));
        }
    }

    @Test
    void aFailedTransactionLeavesNothingBehind() throws Exception {
        try (StateStore store = open()) {
            assertThatThrownBy(() -> store.recordSeen(PROD, digest("unknown"), at(1)))
                    .isInstanceOf(StoreException.class).hasMessageContaining("is not in the history");
            // recordSeen failed after creating the tag: nothing of it was kept
            assertThat(store.tagStates()).isEmpty();
            assertThatThrownBy(() -> store.recordRollout(PROD, digest("unknown"), new Rollout("t",
                    RolloutResult.FAILED, Optional.empty(), Optional.of("x"), at(1)))).isInstanceOf(StoreException.class);
        }
    }

    @Test
    void keepsOnlyTheLatestFailuresOfATag() throws Exception {
        try (StateStore store = open()) {
            for (int i = 0; i < StateStore.MAX_FAILURES_KEPT + 10; i++) {
                store.recordFailure(PROD, new ImportFailure(at(i), Optional.empty(), "failure " + i));
            }
            List<ImportFailure> failures = store.failures(PROD);
            assertThat(failures).hasSize(StateStore.MAX_FAILURES_KEPT);
            assertThat(failures.get(0).error()).isEqualTo("failure " + (StateStore.MAX_FAILURES_KEPT + 9));
        }
    }

    @Test
    void twoWritersAtOnceLoseNothing() throws Exception {
        int perWriter = 12;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (StateStore first = open(); StateStore second = openAnother()) {
            List<Future<?>> writers = new ArrayList<>();
            for (StateStore store : List.of(first, second)) {
                String name = store == first ? "first" : "second";
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        store.recordVerdict(PROD, digest(name + i), i % 2 == 0 ? accepted("K") : rejected("r"),
                                POLICY, at(i));
                        store.recordRollout(PROD, digest(name + i), new Rollout(name, RolloutResult.SUCCEEDED,
                                Optional.empty(), Optional.empty(), at(i)));
                        betweenWrites();
                    }
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get();
            }
            List<HistoryEntry> history = first.history(PROD);
            assertThat(history).hasSize(2 * perWriter);
            assertThat(history).allSatisfy(entry -> assertThat(entry.rollouts()).hasSize(1));
            TagState state = second.tagState(PROD);
            HistoryEntry newestAccepted = history.stream().filter(HistoryEntry::accepted).findFirst().orElseThrow();
            assertThat(state.current()).contains(newestAccepted.digest());
        } finally {
            pool.shutdownNow();
        }
    }
}
