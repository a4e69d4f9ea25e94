package dev.vouch.gittarget;

import java.time.Instant;
import java.util.Optional;

/**
 * Where the target's branch stands against its remote.
 *
 * @param localHead  the local branch's commit (empty in a plain directory)
 * @param remoteHead the remote branch's commit as last fetched or pushed (empty without a remote or before the
 *                   first contact)
 * @param upToDate   true when every commit is published: no remote, or the remote branch is the local one
 * @param lastError  why the last push or fetch failed, while not up to date
 * @param nextRetry  when the next background push is scheduled, while not up to date
 */
public record PushStatus(Optional<String> localHead, Optional<String> remoteHead, boolean upToDate,
                         Optional<String> lastError, Optional<Instant> nextRetry) {
}
