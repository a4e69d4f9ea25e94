package dev.vouch.cli.policy;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vouch policy}: work with containers-policy.json files. */
@Command(name = "policy", mixinStandardHelpOptions = true,
        description = "Work with containers-policy.json files.",
        subcommands = {PolicyCheckCommand.class, MachineConfigCommand.class})
public final class PolicyCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
