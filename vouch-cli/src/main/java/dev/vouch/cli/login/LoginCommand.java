package dev.vouch.cli.login;

import dev.vouch.cli.ExitCode;
import dev.vouch.cli.TlsOptions;
import dev.vouch.cli.UserInputException;
import dev.vouch.registry.HttpRegistryClient;
import dev.vouch.registry.RegistryAuthenticationException;
import dev.vouch.registry.RegistryClientOptions;
import dev.vouch.registry.RegistryException;
import dev.vouch.registry.auth.AuthFileWriter;
import dev.vouch.registry.auth.Credentials;
import dev.vouch.registry.tls.CertsDirectories;
import dev.vouch.registry.tls.RegistryTls;
import dev.vouch.transport.SourceContext;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vouch login}: checks credentials against a registry, then stores them as {@code podman login} does. */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = {"Log in to REGISTRY as podman login does: the credentials are checked against the registry "
                + "(GET /v2/ with them), then stored in containers-auth.json as auths[REGISTRY].auth = "
                + "base64(user:password), keeping every other entry and field; the file has mode 0600. REGISTRY is "
                + "HOST[:PORT] or HOST[:PORT]/NAMESPACE.",
                "The password is read from standard input (--password-stdin) or prompted for without echo; it is never "
                + "taken from an argument. Without --username, credentials already stored for REGISTRY that still "
                + "work are kept (\"Already logged in\").",
                "Exit code: 0 logged in, 2 invalid input or refused credentials (nothing is written)."})
public final class LoginCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    AuthFileOption authFile;

    @Option(names = {"-u", "--username"}, paramLabel = "USER", description = "user name (default: prompted)")
    String username;

    @Option(names = {"-p", "--password"}, hidden = true, paramLabel = "PASSWORD",
            description = "refused: a password on the command line is visible to other users")
    String passwordArgument;

    @Option(names = "--password-stdin", description = "read the password from standard input")
    boolean passwordStdin;

    @Mixin
    TlsOptions tls;

    @Parameters(index = "0", paramLabel = "REGISTRY", description = "HOST[:PORT] or HOST[:PORT]/NAMESPACE")
    String registryArgument;

    @Override
    public Integer call() {
        if (passwordArgument != null) {
            throw new UserInputException("--password is not supported: a password given as an argument is visible"
                    + " to other users and kept in shell history; use --password-stdin or the prompt");
        }
        RegistryKey key = RegistryKey.parse(registryArgument);
        Path file = authFile.path();
        if (passwordStdin && (username == null || username.isEmpty())) {
            throw new UserInputException("--password-stdin needs --username");
        }
        PrintWriter out = spec.commandLine().getOut();
        if ((username == null || username.isEmpty()) && !passwordStdin && alreadyLoggedIn(file, key, out)) {
            return ExitCode.OK;
        }
        String user = username != null && !username.isEmpty() ? username : PasswordInput.promptUsername();
        String password = passwordStdin ? PasswordInput.fromStream(System.in) : PasswordInput.promptPassword();
        Credentials credentials = new Credentials(user, password);
        check(key.registry(), credentials);
        try {
            AuthFileWriter.store(file, key.key(), credentials);
        } catch (IOException e) {
            throw new UserInputException("writing " + file + ": " + e.getMessage(), e);
        }
        out.println("Login Succeeded!");
        out.flush();
        return ExitCode.OK;
    }

    /** As podman: stored credentials for the key that the registry still accepts mean there is nothing to do. */
    private boolean alreadyLoggedIn(Path file, RegistryKey key, PrintWriter out) {
        Optional<Credentials> existing;
        try {
            existing = AuthFileWriter.stored(file, key.key());
        } catch (IOException e) {
            throw new UserInputException(e.getMessage(), e);
        }
        if (existing.isEmpty()) {
            return false;
        }
        out.println("Authenticating with existing credentials for " + key.key());
        out.flush();
        try {
            check(key.registry(), existing.get());
        } catch (UserInputException e) {
            out.println("Existing credentials are invalid, please enter valid username and password");
            out.flush();
            return false;
        }
        out.println("Existing credentials are valid. Already logged in to " + key.registry());
        out.flush();
        return true;
    }

    private void check(String registry, Credentials credentials) {
        boolean verify = tls.tlsVerify().orElse(true);
        try {
            Optional<Path> certs = CertsDirectories.forRegistry(registry, tls.certDirectory(),
                    SourceContext.defaults().homeDirectory());
            SSLContext ssl = RegistryTls.context(certs, verify);
            RegistryClientOptions options = RegistryClientOptions.of(ssl).withCredentials(Optional.of(credentials))
                    .withInsecure(!verify);
            try (HttpRegistryClient client = HttpRegistryClient.create(registry, options)) {
                client.checkCredentials();
            }
        } catch (RegistryAuthenticationException e) {
            throw new UserInputException("logging in to " + registry + ": invalid username/password", e);
        } catch (RegistryException e) {
            throw new UserInputException("logging in to " + registry + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UserInputException("logging in to " + registry + ": " + e.getMessage(), e);
        }
    }
}
