package dev.vouch.cli.policy;

import dev.vouch.cli.ExitCode;
import dev.vouch.cli.LocalFiles;
import dev.vouch.policy.PolicyError;
import dev.vouch.policy.json.PolicyFiles;
import dev.vouch.policy.json.PolicyParser;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vouch policy check [FILE]}: validates a policy and lists every problem found. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Validate a containers-policy.json strictly and list every problem, each with its JSON path.",
                "Exit code: 0 if valid, 2 if not."})
public final class PolicyCheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "FILE",
            description = "the policy (default: $HOME/.config/containers/policy.json, else /etc/containers/policy.json)")
    Path file;

    @Override
    public Integer call() {
        Path policy = file != null ? file : PolicyFiles.defaultPath();
        byte[] content = LocalFiles.read(policy, PolicyParser.MAX_POLICY_BYTES, "policy");
        List<PolicyError> errors = PolicyParser.check(content);
        PrintWriter out = spec.commandLine().getOut();
        if (errors.isEmpty()) {
            out.println(policy + ": valid");
            return ExitCode.OK;
        }
        PrintWriter err = spec.commandLine().getErr();
        for (PolicyError error : errors) {
            err.println(policy + ": " + error);
        }
        err.println(policy + ": invalid, " + errors.size() + (errors.size() == 1 ? " problem" : " problems"));
        return ExitCode.INVALID_INPUT;
    }
}
