package dev.vouch.cli.triggers;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vouch set}: change settings of Kubernetes manifests, as {@code oc set} does on live objects. */
@Command(name = "set", mixinStandardHelpOptions = true,
        description = "Change Kubernetes manifest files (the meaning of 'oc set').",
        subcommands = {SetTriggersCommand.class})
public final class SetCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
