package dev.vouch.cli.trust;

import dev.vouch.cli.ExitCode;
import dev.vouch.cli.UserInputException;
import dev.vouch.policy.edit.PolicyEditException;
import dev.vouch.policy.edit.PolicyFileEditor;
import dev.vouch.policy.edit.TrustSetRequest;
import dev.vouch.policy.edit.TrustType;
import dev.vouch.policy.json.PolicyFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vouch trust set}: replaces the requirements of one scope, keeping everything else of the file as it was.
 */
@Command(name = "set", mixinStandardHelpOptions = true,
        description = {"Set the trust of one scope: 'default' or a registry scope such as quay.io/team.",
                "Replaces that scope's requirements with one of: accept, reject, signedBy, sigstoreSigned.",
                "Everything else in the file is kept as it was; the file is replaced atomically."})
public final class TrustSetCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"--policy", "--policypath"}, paramLabel = "FILE",
            description = "policy.json to edit (default: $HOME/.config/containers/policy.json if it exists, "
                    + "else /etc/containers/policy.json)")
    Path policyFile;

    @Option(names = {"-t", "--type"}, required = true, paramLabel = "TYPE",
            description = "accept, reject, signedBy or sigstoreSigned")
    String type;

    @Option(names = {"-f", "--pubkeysfile"}, paramLabel = "FILE",
            description = "public key file for signedBy (OpenPGP) or sigstoreSigned; repeat for several")
    List<String> publicKeyFiles = new ArrayList<>();

    @Parameters(index = "0", paramLabel = "SCOPE", description = "'default', or a registry/repository scope")
    String scope;

    @Override
    public Integer call() {
        Path file = policyFile != null ? policyFile : PolicyFiles.defaultPath();
        try {
            TrustSetRequest request = new TrustSetRequest(scope, TrustType.parse(type), publicKeyFiles);
            PolicyFileEditor.set(file, request);
        } catch (PolicyEditException e) {
            throw new UserInputException(file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage(), e);
        }
        spec.commandLine().getOut().println(file + ": " + scope + " set to " + type);
        return ExitCode.OK;
    }
}
