package dev.vouch.cli.streams;

import dev.vouch.cli.ClusterOptions;
import dev.vouch.cli.ExitCode;
import dev.vouch.cli.UserInputException;
import dev.vouch.store.HistoryEntry;
import dev.vouch.store.ImportFailure;
import dev.vouch.store.RecordedVerdict;
import dev.vouch.store.Rollout;
import dev.vouch.store.StateStore;
import dev.vouch.store.StoreException;
import dev.vouch.store.TagState;
import dev.vouch.stream.StreamConfig;
import dev.vouch.stream.StreamTag;
import dev.vouch.stream.StreamTagName;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code vouch history}: the digests a tag has pointed at, their verdicts and rollouts. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = {"Show the history of a stream's tags, the most recently seen digest first: when each digest was"
                + " first seen, the verdict (signers when accepted, the reasons when rejected) and where it was rolled"
                + " out. `*` marks the current digest. The last failed import is shown if it is newer than the last"
                + " verdict.",
                "With --cluster, --kubeconfig, --context or -n: the ImageStream resources of the namespace and their"
                        + " status, instead of the streams of vouch.yaml and its SQLite state.",
                "Exit code: 0, or 2 for invalid input or configuration."})
public final class HistoryCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StreamsConfigOption config;

    @Mixin
    ClusterOptions cluster;

    @Option(names = {"-v", "--verbose"}, description = "print each verdict's full explanation")
    boolean verbose;

    @Parameters(paramLabel = "STREAM[:TAG]", description = "a stream (all its tags) or one tag")
    String selector;

    @Override
    public Integer call() {
        StreamTagName.Selector parsed = StreamsConfigOption.parseSelector(selector);
        PrintWriter out = spec.commandLine().getOut();
        Optional<ClusterStreams> onCluster = ClusterStreams.open(cluster);
        if (onCluster.isPresent()) {
            try (ClusterStreams streams = onCluster.get()) {
                List<StreamTag> tags = streams.configured(parsed);
                streams.withStore("", store -> printAll(out, parsed, tags,
                        name -> ClusterStreams.resolve(tags, name), store,
                        streams.label(parsed.stream())));
            }
        } else {
            StreamConfig streams = config.load();
            StreamsConfigOption.withStore(streams, "", store -> printAll(out, parsed, streams.select(parsed),
                    streams::resolve, store, streams.file().toString()));
        }
        out.flush();
        return ExitCode.OK;
    }

    /** The history of each tag {@code parsed} names: the configured ones, then others the store has recorded. */
    private void printAll(PrintWriter out, StreamTagName.Selector parsed, List<StreamTag> configured,
                          Function<StreamTagName, Optional<StreamTag>> resolve, StateStore store, String where)
            throws StoreException {
        TreeSet<String> seen = new TreeSet<>();
        List<StreamTagName> names = new ArrayList<>();
        for (StreamTag tag : configured) {
            if (seen.add(tag.name().toString())) {
                names.add(tag.name());
            }
        }
        for (TagState state : store.tagStates()) {
            if (parsed.matches(state.tag()) && seen.add(state.tag().toString())) {
                names.add(state.tag());
            }
        }
        if (names.isEmpty()) {
            throw new UserInputException(where + ": no " + (parsed.tag().isPresent() ? "tag " : "stream ")
                    + parsed + " is defined or recorded");
        }
        boolean first = true;
        for (StreamTagName name : names) {
            if (!first) {
                out.println();
            }
            first = false;
            print(out, resolve.apply(name), store.tagState(name), store.history(name), store.failures(name));
        }
    }

    private void print(PrintWriter out, Optional<StreamTag> tag, TagState state, List<HistoryEntry> history,
                       List<ImportFailure> failures) {
        out.println(state.tag() + "  " + tag.map(t -> "follows " + t.from() + (t.paused() ? " (paused)" : ""))
                .orElse("(no longer in the configuration)") + "  " + state.current()
                .map(d -> "current " + d + (state.pinned() ? " (pinned)" : "")).orElse("no current digest"));
        Optional<Instant> lastVerdict = history.stream().map(HistoryEntry::verifiedAt).max(Instant::compareTo);
        if (!failures.isEmpty() && lastVerdict.map(t -> failures.get(0).time().isAfter(t)).orElse(true)) {
            ImportFailure failure = failures.get(0);
            out.println("  last import failed at " + time(failure.time()) + ": " + failure.error());
        }
        if (history.isEmpty()) {
            out.println("  no digest recorded yet");
            return;
        }
        out.printf("  %-20s  %-73s  %-8s  %s%n", "TIME", "DIGEST", "VERDICT", "SIGNERS / REASONS");
        for (HistoryEntry entry : history) {
            boolean current = state.current().filter(entry.digest()::equals).isPresent();
            out.printf("%s %-20s  %-73s  %-8s  %s%n", current ? "*" : " ", time(entry.firstSeen()),
                    entry.digest(), entry.accepted() ? "accepted" : "REJECTED", details(entry.verdict()));
            for (Rollout rollout : entry.rollouts()) {
                out.println("      rollout to " + rollout.target() + ": " + rollout.result().name().toLowerCase()
                        + rollout.ref().map(r -> " " + r).orElse("") + " at " + time(rollout.time())
                        + rollout.message().map(m -> ": " + m).orElse(""));
            }
            if (verbose) {
                entry.verdict().explanation().lines().forEach(line -> out.println("      " + line));
            }
        }
    }

    private static String details(RecordedVerdict verdict) {
        if (verdict.accepted() && !verdict.signers().isEmpty()) {
            return String.join(", ", verdict.signers().stream().map(s -> s.key() + " (" + s.identity() + ")")
                    .toList());
        }
        return verdict.summary();
    }

    private static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
