package dev.vouch.policy.edit;

import dev.vouch.policy.json.PolicyParser;
import dev.vouch.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * Applies {@link PolicyEditor#set} to a policy file: reads it (a missing file is a new, empty policy), writes the
 * result to a temporary file in the same directory with the original's permissions ({@code rw-r--r--} for a new
 * file, as podman), and renames it over the original, so readers see the old or the new policy, never a mix.
 */
public final class PolicyFileEditor {
    private static final Set<PosixFilePermission> NEW_FILE_PERMISSIONS = PosixFilePermissions.fromString("rw-r--r--");

    private PolicyFileEditor() {
    }

    public static void set(Path policyFile, TrustSetRequest request) throws PolicyEditException {
        Optional<byte[]> existing;
        Optional<Set<PosixFilePermission>> permissions;
        try {
            existing = Optional.of(readExisting(policyFile));
            permissions = Optional.of(Files.getPosixFilePermissions(policyFile));
        } catch (NoSuchFileException e) {
            existing = Optional.empty();
            permissions = Optional.of(NEW_FILE_PERMISSIONS);
        } catch (UnsupportedOperationException e) {
            throw new PolicyEditException("cannot read the permissions of " + policyFile, e);
        } catch (IOException e) {
            throw new PolicyEditException("cannot read " + policyFile + ": " + e.getMessage(), e);
        }
        byte[] updated = PolicyEditor.set(existing, request);
        write(policyFile, updated, permissions.get());
    }

    private static byte[] readExisting(Path policyFile) throws IOException {
        if (Files.size(policyFile) > PolicyParser.MAX_POLICY_BYTES) {
            throw new IOException("the file is larger than " + PolicyParser.MAX_POLICY_BYTES + " bytes");
        }
        return Files.readAllBytes(policyFile);
    }

    private static void write(Path policyFile, byte[] content, Set<PosixFilePermission> permissions)
            throws PolicyEditException {
        try {
            AtomicFiles.replace(policyFile, content, permissions);
        } catch (IOException e) {
            throw new PolicyEditException("cannot write " + policyFile + ": " + e.getMessage(), e);
        }
    }
}
