package dev.vouch.serve;

import java.util.Optional;

/** Whether {@code vouch serve} can do its work now (state opened, configuration loaded, first polls scheduled). */
@FunctionalInterface
public interface Readiness {

    /** Empty when ready; otherwise why not, in words an operator reads from {@code /readyz}. */
    Optional<String> notReadyBecause();

    /** What this process does when ready, for {@code /readyz} to say (e.g. whether it leads); empty to say nothing. */
    default Optional<String> role() {
        return Optional.empty();
    }
}
