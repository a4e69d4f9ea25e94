package dev.vouch.cli.login;

import dev.vouch.cli.ExitCode;
import dev.vouch.cli.UserInputException;
import dev.vouch.registry.auth.AuthFileWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vouch logout}: removes stored credentials, with the meaning of {@code podman logout}. */
@Command(name = "logout", mixinStandardHelpOptions = true,
        description = "Remove the credentials stored for REGISTRY (or all of them with --all).")
public final class LogoutCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--authfile", paramLabel = "FILE", description = "auth file (default: as for login)")
    Path authFile;

    @Option(names = {"-a", "--all"}, description = "remove the credentials of every registry")
    boolean all;

    @Parameters(index = "0", arity = "0..1", paramLabel = "REGISTRY", description = "host[:port] of the registry")
    String registry;

    @Override
    public Integer call() {
        if (all == (registry != null)) {
            throw new UserInputException("give either REGISTRY or --all");
        }
        Path file = authFile != null ? authFile : LoginFiles.defaultPath();
        try {
            if (all) {
                AuthFileWriter.removeAll(file);
                spec.commandLine().getOut().println("Removed login credentials for all registries");
                return ExitCode.OK;
            }
            if (!AuthFileWriter.remove(file, registry)) {
                throw new UserInputException("not logged into " + registry);
            }
        } catch (IOException e) {
            throw new UserInputException(file + ": " + e.getMessage());
        }
        spec.commandLine().getOut().println("Removed login credentials for " + registry);
        return ExitCode.OK;
    }
}
