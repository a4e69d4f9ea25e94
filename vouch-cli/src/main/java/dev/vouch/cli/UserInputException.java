package dev.vouch.cli;

/**
 * A mistake in what the user gave (argument, file, configuration): printed as one line, exit code
 * {@link ExitCode#INVALID_INPUT}, no stack trace. A multi-line message (as some parsers write, with a snippet of
 * the input) is joined into one line.
 */
public final class UserInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserInputException(String message) {
        super(oneLine(message));
    }

    public UserInputException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    /** {@code message} with every line break, and the blanks around it, replaced by one space. */
    static String oneLine(String message) {
        return message == null ? null : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
