package dev.vouch.cli.login;

import dev.vouch.cli.ExitCode;
import dev.vouch.cli.UserInputException;
import dev.vouch.reference.ReferenceGrammar;
import dev.vouch.registry.HttpRegistryClient;
import dev.vouch.registry.RegistryClientOptions;
import dev.vouch.registry.auth.AuthFileWriter;
import dev.vouch.registry.auth.Credentials;
import dev.vouch.registry.tls.CertsDirectories;
import dev.vouch.registry.tls.RegistryTls;
import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vouch login}: checks credentials against a registry, then stores them in containers-auth.json, with the
 * meaning and flags of {@code podman login}. The password is read from standard input or a terminal prompt, never
 * from an argument, and never printed.
 */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = {"Log in to a registry: the credentials are checked against it, then stored in",
                "containers-auth.json (mode 0600; other entries kept). Nothing is written if the registry refuses them."})
public final class LoginCommand implements Callable<Integer> {
    private static final int MAX_PASSWORD_BYTES = 64 * 1024;

    @Spec
    CommandSpec spec;

    @Option(names = "--authfile", paramLabel = "FILE", description = "auth file to write (default: $REGISTRY_AUTH_FILE,"
            + " else $XDG_RUNTIME_DIR/containers/auth.json, else ~/.config/containers/auth.json)")
    Path authFile;

    @Option(names = {"-u", "--username"}, paramLabel = "USER", description = "user name (prompted for if absent)")
    String username;

    @Option(names = "--password-stdin", description = "read the password from standard input")
    boolean passwordStdin;

    @Option(names = "--tls-verify", paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
            description = "require HTTPS and verify certificates (default: true)")
    Boolean tlsVerify;

    @Option(names = "--cert-dir", paramLabel = "DIR", description = "CA certificates and client keys for the registry")
    Path certDirectory;

    @Parameters(index = "0", paramLabel = "REGISTRY", description = "host[:port] of the registry")
    String registry;

    @Override
    public Integer call() {
        if (!ReferenceGrammar.isDomain(registry)) {
            throw new UserInputException("REGISTRY: \"" + registry + "\" is not a host[:port]");
        }
        Console console = System.console();
        String user = username != null ? username : prompt(console, "Username: ");
        if (user.isEmpty() || user.contains(":")) {
            throw new UserInputException("--username must be non-empty and must not contain ':'");
        }
        char[] password = passwordStdin ? readStdin() : promptPassword(console);
        try {
            Credentials credentials = new Credentials(user, new String(password));
            check(credentials);
            Path file = authFile != null ? authFile : LoginFiles.defaultPath();
            try {
                AuthFileWriter.store(file, registry, credentials);
            } catch (IOException e) {
                throw new UserInputException(file + ": cannot store the credentials: " + e.getMessage());
            }
            spec.commandLine().getOut().println("Login Succeeded!");
            return ExitCode.OK;
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private void check(Credentials credentials) {
        boolean verify = tlsVerify == null || tlsVerify;
        try {
            Optional<Path> certs = CertsDirectories.forRegistry(registry, Optional.ofNullable(certDirectory),
                    LoginFiles.home());
            SSLContext ssl = RegistryTls.context(certs, verify);
            try (HttpRegistryClient client = HttpRegistryClient.create(registry, RegistryClientOptions.of(ssl)
                    .withCredentials(Optional.of(credentials)).withInsecure(!verify))) {
                client.checkCredentials();
            }
        } catch (IOException e) {
            throw new UserInputException("logging in to " + registry + ": " + e.getMessage());
        }
    }

    private static String prompt(Console console, String question) {
        if (console == null) {
            throw new UserInputException("no terminal to ask for the user name: give --username");
        }
        String answer = console.readLine(question);
        return answer == null ? "" : answer.strip();
    }

    private static char[] promptPassword(Console console) {
        if (console == null) {
            throw new UserInputException("no terminal to ask for the password: use --password-stdin");
        }
        char[] password = console.readPassword("Password: ");
        if (password == null || password.length == 0) {
            throw new UserInputException("the password must not be empty");
        }
        return password;
    }

    private static char[] readStdin() {
        try {
            InputStream in = System.in;
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            byte[] chunk = new byte[4096];
            int n;
            while ((n = in.read(chunk)) > 0) {
                buffer.write(chunk, 0, n);
                if (buffer.size() > MAX_PASSWORD_BYTES) {
                    throw new UserInputException("--password-stdin: the input is too large to be a password");
                }
            }
            String text = buffer.toString(StandardCharsets.UTF_8);
            int end = text.length();
            while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
                end--;
            }
            if (end == 0) {
                throw new UserInputException("--password-stdin: the password is empty");
            }
            return text.substring(0, end).toCharArray();
        } catch (IOException e) {
            throw new UserInputException("--password-stdin: cannot read standard input");
        }
    }
}
