package dev.vouch.cli.trust;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vouch trust}: show and edit the trust policy, with the meaning of {@code podman image trust}. */
@Command(name = "trust", mixinStandardHelpOptions = true,
        description = "Show or change which images are trusted (the meaning of 'podman image trust').",
        subcommands = {TrustShowCommand.class, TrustSetCommand.class})
public final class TrustCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
