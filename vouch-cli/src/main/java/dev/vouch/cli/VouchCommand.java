package dev.vouch.cli;

import picocli.CommandLine.Command;

/**
 * The top-level {@code vouch} command. Its subcommands are registered by {@link Subcommands}: only the one being run
 * when it can tell, to keep start-up short.
 */
@Command(name = "vouch",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Deploy only container images that come from trusted sources and have not been altered.")
final class VouchCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
