package dev.vouch.gittarget;

import java.util.Objects;
import java.util.Optional;

/**
 * What became of one {@link FileEdit}.
 *
 * @param edit      the edit
 * @param status    whether it changed the file, found it already changed, conflicted or failed
 * @param commitId  the commit that holds the change ({@link Status#CHANGED} in a repository); empty otherwise
 * @param published true when the change is where it must end up: pushed to the remote branch (or found there), or,
 *                  without a remote, committed (or written, in a plain directory). A caller records a rollout as
 *                  done only when this is true, and re-submits the edit after a restart otherwise.
 * @param problem   why the edit conflicted or failed, or why it is not published yet
 */
public record EditResult(FileEdit edit, Status status, Optional<String> commitId, boolean published,
                         Optional<String> problem) {

    /** The outcome of applying the edit. */
    public enum Status {
        /** The file was rewritten (and committed, in a repository). */
        CHANGED,
        /** The file already had the new content; nothing was written. */
        UNCHANGED,
        /** The edit's function reported that the file no longer has what it changes; nothing was written. */
        CONFLICT,
        /** The edit could not be applied (unreadable file, symbolic link, a failing commit). */
        FAILED
    }

    public EditResult {
        Objects.requireNonNull(edit, "edit");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(commitId, "commitId");
        Objects.requireNonNull(problem, "problem");
    }
}
