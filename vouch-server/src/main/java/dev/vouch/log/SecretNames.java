package dev.vouch.log;

import java.util.Locale;
import java.util.regex.Pattern;

/** Field names that would carry a secret, which structured logs refuse outright. */
final class SecretNames {
    private static final Pattern SECRET = Pattern.compile(
            "(^|[_.\\-])(password|passwd|passphrase|token|secret|privatekey|private_key|key|auth|credentials?)$");

    private SecretNames() {
    }

    static boolean looksSecret(String fieldName) {
        return SECRET.matcher(fieldName.toLowerCase(Locale.ROOT)).find();
    }
}
