package dev.vouch.cli.login;

import dev.vouch.cli.ExitCode;
import dev.vouch.cli.UserInputException;
import dev.vouch.registry.auth.AuthFileWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vouch logout}: removes stored credentials as {@code podman logout} does. */
@Command(name = "logout", mixinStandardHelpOptions = true,
        description = {"Remove the credentials for REGISTRY (or, with --all, for every registry) from "
                + "containers-auth.json, as podman logout does; every other entry and field is kept.",
                "Exit code: 0 removed, 2 not logged in or invalid input."})
public final class LogoutCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    AuthFileOption authFile;

    @Option(names = {"-a", "--all"}, description = "remove the credentials for all registries")
    boolean all;

    @Parameters(index = "0", arity = "0..1", paramLabel = "REGISTRY", description = "HOST[:PORT] or HOST[:PORT]/NAMESPACE")
    String registryArgument;

    @Override
    public Integer call() {
        if (all == (registryArgument != null)) {
            throw new UserInputException(all ? "--all takes no REGISTRY" : "give a REGISTRY, or --all");
        }
        Path file = authFile.path();
        PrintWriter out = spec.commandLine().getOut();
        try {
            if (all) {
                AuthFileWriter.removeAll(file);
                out.println("Removed login credentials for all registries");
            } else {
                RegistryKey key = RegistryKey.parse(registryArgument);
                if (!AuthFileWriter.remove(file, key.key())) {
                    throw new UserInputException("not logged into " + key.key());
                }
                out.println("Removed login credentials for " + key.key());
            }
        } catch (IOException e) {
            throw new UserInputException(file + ": " + e.getMessage(), e);
        }
        out.flush();
        return ExitCode.OK;
    }
}
