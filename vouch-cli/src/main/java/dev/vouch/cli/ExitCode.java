package dev.vouch.cli;

/** The exit codes of every vouch command. */
public final class ExitCode {
    /** Success: every image accepted, the file valid, the signature written. */
    public static final int OK = 0;
    /** A verification ran to its end and refused: an image or signature was rejected. */
    public static final int REJECTED = 1;
    /** Invalid input or configuration: an argument, a file, a policy, a key. Nothing was decided. */
    public static final int INVALID_INPUT = 2;
    /** An unexpected internal failure (a bug); details with {@code VOUCH_DEBUG=1}. */
    public static final int INTERNAL_ERROR = 70;

    private ExitCode() {
    }
}
