package dev.vouch.cli.streams;

import dev.vouch.cli.ClusterOptions;
import dev.vouch.cli.ExitCode;
import dev.vouch.gate.CurrentDigestChange;
import dev.vouch.gate.CurrentDigestListeners;
import dev.vouch.gate.GatePolicy;
import dev.vouch.gate.ImportResult;
import dev.vouch.gate.Importer;
import dev.vouch.store.HistoryEntry;
import dev.vouch.store.StateStore;
import dev.vouch.store.StoreException;
import dev.vouch.store.TagState;
import dev.vouch.stream.StreamConfig;
import dev.vouch.stream.StreamTag;
import java.io.PrintWriter;
import dev.vouch.transport.SourceContext;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code vouch import}: imports stream tags now, through the gate. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import the tags of a stream now: resolve the digest each tag's source points at and, if it is"
                + " new, verify exactly that digest against the policy for the tag's identity. An accepted digest"
                + " becomes the tag's current one (unless the tag is pinned by `vouch rollout undo`); a rejected one is"
                + " recorded with its reasons and the current digest stays.",
                "With --cluster, --kubeconfig, --context or -n: the ImageStream resources of the namespace and their"
                        + " status, instead of the streams of vouch.yaml and its SQLite state (the policy and registry"
                        + " settings still come from vouch.yaml).",
                "Exit code: 0 if every tag points at an accepted digest (or is paused), 1 if one points at a rejected"
                        + " digest or could not be verified, 2 for invalid input or configuration."})
public final class ImportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StreamsConfigOption config;

    @Mixin
    ClusterOptions cluster;

    @Parameters(paramLabel = "STREAM[:TAG]", description = "a stream (all its tags) or one tag")
    String selector;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        boolean[] allAccepted = {true};
        StreamConfig streams = config.load();
        Optional<ClusterStreams> onCluster = ClusterStreams.open(cluster);
        try {
            List<StreamTag> tags = onCluster.isPresent()
                    ? onCluster.get().select(StreamsConfigOption.parseSelector(selector))
                    : StreamsConfigOption.select(streams, selector);
            GatePolicy policy = StreamsConfigOption.policy(streams);
            SourceContext context = StreamsConfigOption.sourceContext(streams);
            StreamsConfigOption.StoreWork work = store -> allAccepted[0] = importAll(store, policy, context, tags,
                    out);
            if (onCluster.isPresent()) {
                onCluster.get().withStore("", work);
            } else {
                StreamsConfigOption.withStore(streams, "", work);
            }
        } finally {
            onCluster.ifPresent(ClusterStreams::close);
        }
        out.flush();
        return allAccepted[0] ? ExitCode.OK : ExitCode.REJECTED;
    }

    private static boolean importAll(StateStore store, GatePolicy policy, SourceContext context, List<StreamTag> tags,
                                     PrintWriter out) throws StoreException {
        boolean allAccepted = true;
        try (Importer importer = new Importer(store, policy, context, new CurrentDigestListeners(),
                Clock.systemUTC())) {
            for (StreamTag tag : tags) {
                ImportResult result = importer.importTag(tag);
                out.println(describe(result, store.tagState(tag.name())));
                allAccepted &= result.accepted() || result instanceof ImportResult.Paused;
            }
        }
        return allAccepted;
    }

    static String describe(ImportResult result, TagState state) {
        String tag = result.tag().toString();
        String current = state.current().map(d -> "current " + d + (state.pinned() ? " (pinned)" : ""))
                .orElse("no current digest");
        if (result instanceof ImportResult.Paused) {
            return tag + ": paused, not imported; " + current;
        }
        if (result instanceof ImportResult.Failed failed) {
            return tag + ": import failed (" + failed.kind().label() + "), nothing decided: " + failed.error() + "; "
                    + current;
        }
        HistoryEntry entry;
        Optional<CurrentDigestChange> change;
        String what;
        if (result instanceof ImportResult.Verified verified) {
            entry = verified.entry();
            change = verified.change();
            what = entry.accepted() ? "ACCEPTED" : "REJECTED";
        } else {
            ImportResult.Known known = (ImportResult.Known) result;
            entry = known.entry();
            change = known.change();
            what = "unchanged, " + (entry.accepted() ? "accepted" : "rejected") + " before";
        }
        StringBuilder line = new StringBuilder(tag).append(": ").append(entry.digest()).append(' ').append(what)
                .append(": ").append(entry.verdict().summary());
        if (change.isPresent()) {
            line.append("; now current").append(change.get().previous().map(p -> " (was " + p + ")").orElse(""));
        } else if (entry.accepted() && state.pinned() && !state.current().equals(Optional.of(entry.digest()))) {
            line.append("; not current: the tag is pinned to ").append(state.current().orElseThrow());
        } else {
            line.append("; ").append(current);
        }
        return line.toString();
    }
}
