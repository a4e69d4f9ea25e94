package dev.vouch.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** A malformed command line: one line saying what is wrong and where to find help; exit code 2. */
final class UsageErrorHandler implements CommandLine.IParameterExceptionHandler {

    @Override
    public int handleParseException(CommandLine.ParameterException exception, String[] args) {
        CommandLine command = exception.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("vouch: " + exception.getMessage());
        err.println("Run '" + command.getCommandSpec().qualifiedName() + " --help' for usage.");
        err.flush();
        return ExitCode.INVALID_INPUT;
    }
}
