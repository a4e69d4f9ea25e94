package dev.vouch.cli.agreement;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One row of the agreement table: a policy and an image (both built from the fixtures when the row runs), the
 * decision the reference makes (written down, so that skopeo and vouch being wrong together is caught as well),
 * and optionally words that both must give as the reason for a rejection.
 */
record Row(String name, PolicyFactory policy, ImageFactory image, Decision expected, Optional<String> reason) {

    /** The policy's text. */
    @FunctionalInterface
    interface PolicyFactory {
        String text(AgreementFixtures fixtures) throws IOException;
    }

    /** The image's directory, as given on the command line. */
    @FunctionalInterface
    interface ImageFactory {
        Path path(AgreementFixtures fixtures);
    }

    Row(String name, PolicyFactory policy, ImageFactory image, Decision expected) {
        this(name, policy, image, expected, Optional.empty());
    }

    /** This row, where skopeo's error and vouch's rejection reasons must both contain {@code words} (any case). */
    Row because(String words) {
        return new Row(name, policy, image, expected, Optional.of(words));
    }

    @Override
    public String toString() {
        return name;
    }
}
