package dev.vouch.cli;

import dev.vouch.cli.policy.PolicyCommand;
import dev.vouch.cli.signing.SignCommand;
import dev.vouch.cli.signing.StandaloneSignCommand;
import dev.vouch.cli.signing.StandaloneVerifyCommand;
import dev.vouch.cli.trust.TrustCommand;
import dev.vouch.cli.verify.VerifyCommand;
import picocli.CommandLine.Command;

/** The top-level {@code vouch} command. */
@Command(name = "vouch",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Deploy only container images that come from trusted sources and have not been altered.",
        subcommands = {VerifyCommand.class, PolicyCommand.class, TrustCommand.class, SignCommand.class,
                StandaloneSignCommand.class, StandaloneVerifyCommand.class})
final class VouchCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
