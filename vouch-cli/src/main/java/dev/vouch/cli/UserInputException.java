package dev.vouch.cli;

/**
 * A mistake in what the user gave (argument, file, configuration): printed as one line, exit code
 * {@link ExitCode#INVALID_INPUT}, no stack trace.
 */
public final class UserInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserInputException(String message) {
        super(message);
    }

    public UserInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
