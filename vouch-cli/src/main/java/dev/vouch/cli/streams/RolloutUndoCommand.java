package dev.vouch.cli.streams;

import dev.vouch.cli.ClusterOptions;
import dev.vouch.cli.ExitCode;
import dev.vouch.store.StoreException;
import dev.vouch.store.StateStore;
import dev.vouch.cli.UserInputException;
import dev.vouch.gate.CurrentDigestListeners;
import dev.vouch.gate.Rollbacks;
import dev.vouch.reference.Digest;
import dev.vouch.store.TagState;
import dev.vouch.stream.StreamConfig;
import dev.vouch.stream.StreamTag;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code vouch rollout undo}: pins a tag to an earlier accepted digest. */
@Command(name = "undo", mixinStandardHelpOptions = true,
        description = {"Pin STREAM:TAG to the accepted digest it had before the current one, or to --to DIGEST,"
                + " which must be an accepted digest in the tag's history. Imports record new digests but do not move"
                + " a pinned tag until `vouch rollout resume`.",
                "With --cluster, --kubeconfig, --context or -n: the ImageStream resources of the namespace and their"
                        + " status, instead of the streams of vouch.yaml and its SQLite state.",
                "Exit code: 0 if pinned, 2 if the digest is not an accepted one of the tag (or there is no earlier"
                        + " one) or for invalid input."})
public final class RolloutUndoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StreamsConfigOption config;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--to", paramLabel = "DIGEST", description = "the accepted digest to pin the tag to")
    String to;

    @Parameters(paramLabel = "STREAM:TAG")
    String tagName;

    @Override
    public Integer call() {
        Optional<Digest> digest;
        try {
            digest = Optional.ofNullable(to).map(Digest::parse);
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--to: " + e.getMessage(), e);
        }
        Optional<ClusterStreams> onCluster = ClusterStreams.open(cluster);
        if (onCluster.isPresent()) {
            try (ClusterStreams streams = onCluster.get()) {
                StreamTag tag = streams.tag(tagName);
                streams.withStore(tag.name().toString(), store -> undo(store, tag, digest));
            }
        } else {
            StreamConfig streams = config.load();
            StreamTag tag = StreamsConfigOption.tag(streams, tagName);
            StreamsConfigOption.withStore(streams, tag.name().toString(), store -> undo(store, tag, digest));
        }
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }

    private void undo(StateStore store, StreamTag tag, Optional<Digest> digest) throws StoreException {
        Optional<Digest> before = store.tagState(tag.name()).current();
        new Rollbacks(store, new CurrentDigestListeners(), Clock.systemUTC()).undo(tag, digest);
        TagState state = store.tagState(tag.name());
        spec.commandLine().getOut().println(tag.name() + ": pinned to " + state.current().orElseThrow()
                + before.filter(b -> !b.equals(state.current().get())).map(b -> " (was " + b + ")").orElse("")
                + "; imports will not move it until `vouch rollout resume " + tag.name() + "`");
    }
}
