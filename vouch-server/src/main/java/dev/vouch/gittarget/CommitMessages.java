package dev.vouch.gittarget;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The message of a rollout commit: a short subject, then one line per edit naming stream, tag, digest, file and
 * signers.
 *
 * <pre>
 * Roll out web:prod sha256:3b1f0c2a9d4e
 *
 * web:prod sha256:3b1f...(64 hex) in deploy/web.yaml, signed by Release &lt;release@example.com&gt;
 * </pre>
 */
final class CommitMessages {
    private static final int SUBJECT_LIMIT = 72;

    private CommitMessages() {
    }

    static String of(List<FileEdit> edits) {
        StringBuilder message = new StringBuilder(subject(edits)).append("\n\n");
        for (FileEdit edit : edits) {
            message.append(line(edit)).append('\n');
        }
        return message.toString();
    }

    static String line(FileEdit edit) {
        ChangeDescription change = edit.description();
        String signers = change.signers().isEmpty() ? "no signer recorded"
                : "signed by " + String.join(", ", change.signers());
        return change.streamTag() + " " + change.digest() + " in " + edit.path() + ", " + signers;
    }

    private static String subject(List<FileEdit> edits) {
        Set<String> images = new LinkedHashSet<>();
        for (FileEdit edit : edits) {
            images.add(edit.description().streamTag() + " " + shortDigest(edit.description().digest()));
        }
        if (images.size() == 1) {
            return clip("Roll out " + images.iterator().next());
        }
        Set<String> tags = new LinkedHashSet<>();
        edits.forEach(edit -> tags.add(edit.description().streamTag()));
        return clip("Roll out " + images.size() + " images: " + String.join(", ", tags));
    }

    private static String shortDigest(String digest) {
        int colon = digest.indexOf(':');
        return digest.length() > colon + 13 ? digest.substring(0, colon + 13) : digest;
    }

    private static String clip(String subject) {
        return subject.length() <= SUBJECT_LIMIT ? subject : subject.substring(0, SUBJECT_LIMIT - 3) + "...";
    }
}
