package dev.vouch.cli;

/** Entry point of the {@code vouch} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(0);
    }
}
