package dev.vouch.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point of the {@code vouch} command. */
public final class Main {
    private Main() {
    }

    /**
     * BouncyCastle tests every RSA public modulus for primality (Miller-Rabin) when it first uses it: up to a tenth
     * of a second per key in a short-lived process. The keys vouch verifies with are the ones the policy trusts,
     * configured by the administrator, never keys taken from an image or a signature, and GnuPG (which the reference
     * implementation uses) does not run that test either; the small-prime-factor check still runs. The command line
     * therefore skips it unless the user sets the property; the library (and the server) keep BouncyCastle's default.
     */
    private static final String RSA_MR_TESTS = "org.bouncycastle.rsa.max_mr_tests";
    /**
     * The SQLite driver logs through SLF4J when it is present (JGit brings it), and SLF4J without a logging backend
     * warns on stderr at first use; a command's stderr is for its own messages, so only SLF4J's errors are shown.
     */
    private static final String SLF4J_VERBOSITY = "slf4j.internal.verbosity";

    public static void main(String[] args) {
        if (System.getProperty(RSA_MR_TESTS) == null) {
            System.setProperty(RSA_MR_TESTS, "0");
        }
        if (System.getProperty(SLF4J_VERBOSITY) == null) {
            System.setProperty(SLF4J_VERBOSITY, "ERROR");
        }
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs vouch with {@code args}, writing to {@code out} and {@code err}; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new VouchCommand());
        Subcommands.register(commandLine, args);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler(new UsageErrorHandler());
        commandLine.setExecutionExceptionHandler(new FailureHandler());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        return commandLine.execute(args);
    }
}
