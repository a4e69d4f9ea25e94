package dev.vouch.cli;

import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A malformed command line: one line saying what is wrong and where to find help; exit code 2. An unknown option
 * is reported before missing arguments (picocli checks the latter first), so that a mistyped option is named
 * rather than the option it was meant to be, as skopeo reports {@code unknown flag} first.
 */
final class UsageErrorHandler implements CommandLine.IParameterExceptionHandler {

    @Override
    public int handleParseException(CommandLine.ParameterException exception, String[] args) {
        CommandLine command = exception.getCommandLine();
        PrintWriter err = command.getErr();
        String message = exception.getMessage();
        if (exception instanceof CommandLine.MissingParameterException) {
            message = unknownOption(command.getCommandSpec(), args).map(o -> "Unknown option: '" + o + "'")
                    .orElse(message);
        }
        err.println("vouch: " + message);
        err.println("Run '" + command.getCommandSpec().qualifiedName() + " --help' for usage.");
        err.flush();
        return ExitCode.INVALID_INPUT;
    }

    /** The first argument that looks like an option but is not one of {@code spec} or its parents. */
    private static Optional<String> unknownOption(CommandSpec spec, String[] args) {
        for (String arg : args) {
            if (arg.equals("--")) {
                break;
            }
            if (arg.length() > 1 && arg.startsWith("-") && !isKnown(spec, arg)) {
                return Optional.of(arg);
            }
        }
        return Optional.empty();
    }

    private static boolean isKnown(CommandSpec spec, String arg) {
        String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
        for (CommandSpec s = spec; s != null; s = s.parent()) {
            if (s.findOption(name) != null) {
                return true;
            }
            // -tVALUE and clustered short options (-nj) start with a known short option
            if (!name.startsWith("--") && name.length() > 2 && s.findOption(name.substring(0, 2)) != null) {
                return true;
            }
        }
        return false;
    }
}
