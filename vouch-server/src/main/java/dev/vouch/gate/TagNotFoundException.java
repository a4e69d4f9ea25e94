package dev.vouch.gate;

import java.io.IOException;

/** The registry has no manifest for the followed tag. */
final class TagNotFoundException extends IOException {

    TagNotFoundException(String message) {
        super(message);
    }
}
