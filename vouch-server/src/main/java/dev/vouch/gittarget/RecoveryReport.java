package dev.vouch.gittarget;

import java.util.List;

/**
 * What {@link GitTarget#open} did to bring the directory into a consistent state: stale locks and temporary files
 * deleted, a working tree left dirty by an interrupted write reset to the last commit, unpushed commits pushed,
 * diverged unpushed commits discarded (their edits must be submitted again). Empty when nothing needed repair.
 *
 * @param actions one sentence per action, in order
 * @param discardedCommits {@code id subject} of local commits that were never published and were dropped because
 *                         the remote branch moved on; their edits are not in the target
 */
public record RecoveryReport(List<String> actions, List<String> discardedCommits) {
    public RecoveryReport {
        actions = List.copyOf(actions);
        discardedCommits = List.copyOf(discardedCommits);
    }
}
