package dev.vouch.cli.signing;

/** The {@code optional.creator} written into signatures. */
final class Creator {
    private Creator() {
    }

    static String value() {
        String version = Creator.class.getPackage().getImplementationVersion();
        return "vouch " + (version == null ? "dev" : version);
    }
}
