package dev.vouch.cli.streams;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vouch rollout}: rollbacks that stick. */
@Command(name = "rollout", mixinStandardHelpOptions = true,
        description = "Pin a stream tag to an earlier verified digest, or unpin it.",
        subcommands = {RolloutUndoCommand.class, RolloutResumeCommand.class})
public final class RolloutCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
