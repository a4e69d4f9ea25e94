package dev.vouch.cli;

import picocli.CommandLine;

/** The version of vouch, from the jar manifest. */
final class VersionProvider implements CommandLine.IVersionProvider {

    /** The version string, {@code dev} when not run from a packaged jar. */
    static String version() {
        String version = Main.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"vouch " + version()};
    }
}
