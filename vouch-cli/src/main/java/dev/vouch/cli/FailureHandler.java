package dev.vouch.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Maps failures to one line and an exit code. User mistakes never show a stack trace; an internal error shows
 * one only with {@code VOUCH_DEBUG=1}.
 */
final class FailureHandler implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception exception, CommandLine command,
                                        CommandLine.ParseResult parseResult) {
        PrintWriter err = command.getErr();
        if (exception instanceof UserInputException) {
            err.println("vouch: " + exception.getMessage());
            err.flush();
            return ExitCode.INVALID_INPUT;
        }
        err.println("vouch: internal error: " + exception);
        if (System.getenv("VOUCH_DEBUG") != null) {
            exception.printStackTrace(err);
        } else {
            err.println("Set VOUCH_DEBUG=1 for details and report this as a bug.");
        }
        err.flush();
        return ExitCode.INTERNAL_ERROR;
    }
}
