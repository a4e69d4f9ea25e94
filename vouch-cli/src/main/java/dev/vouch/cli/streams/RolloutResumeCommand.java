package dev.vouch.cli.streams;

import dev.vouch.cli.ClusterOptions;
import dev.vouch.cli.ExitCode;
import java.util.Optional;
import dev.vouch.store.StoreException;
import dev.vouch.store.StateStore;
import dev.vouch.gate.CurrentDigestListeners;
import dev.vouch.gate.Rollbacks;
import dev.vouch.store.TagState;
import dev.vouch.stream.StreamConfig;
import dev.vouch.stream.StreamTag;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code vouch rollout resume}: unpins a tag. */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = {"Unpin STREAM:TAG: the accepted digest its source was most recently seen at becomes current"
                + " again, and imports move it again.",
                "With --cluster, --kubeconfig, --context or -n: the ImageStream resources of the namespace and their"
                        + " status, instead of the streams of vouch.yaml and its SQLite state.",
                "Exit code: 0, or 2 for invalid input or configuration."})
public final class RolloutResumeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StreamsConfigOption config;

    @Mixin
    ClusterOptions cluster;

    @Parameters(paramLabel = "STREAM:TAG")
    String tagName;

    @Override
    public Integer call() {
        Optional<ClusterStreams> onCluster = ClusterStreams.open(cluster);
        if (onCluster.isPresent()) {
            try (ClusterStreams streams = onCluster.get()) {
                StreamTag tag = streams.tag(tagName);
                streams.withStore(tag.name().toString(), store -> resume(store, tag));
            }
        } else {
            StreamConfig streams = config.load();
            StreamTag tag = StreamsConfigOption.tag(streams, tagName);
            StreamsConfigOption.withStore(streams, tag.name().toString(), store -> resume(store, tag));
        }
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }

    private void resume(StateStore store, StreamTag tag) throws StoreException {
        boolean wasPinned = store.tagState(tag.name()).pinned();
        new Rollbacks(store, new CurrentDigestListeners(), Clock.systemUTC()).resume(tag);
        TagState state = store.tagState(tag.name());
        spec.commandLine().getOut().println(tag.name() + ": " + (wasPinned ? "resumed" : "was not pinned") + "; "
                + state.current().map(d -> "current " + d).orElse("no current digest"));
    }
}
