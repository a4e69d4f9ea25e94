package dev.vouch.gittarget;

import dev.vouch.io.SecretFiles;
import java.io.IOException;
import java.nio.file.Path;
import org.eclipse.jgit.errors.UnsupportedCredentialItem;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;

/**
 * HTTP basic credentials whose password (or token) is read from a file each time the remote asks, so that a
 * rotated secret (a Kubernetes Secret mounted as a file, for example) is used without a restart. A file that cannot
 * be read supplies no credentials: the fetch or push then fails as unauthorized, and the error names the file only.
 */
final class FileCredentialsProvider extends CredentialsProvider {
    private final String username;
    private final Path passwordFile;

    FileCredentialsProvider(String username, Path passwordFile) {
        this.username = username;
        this.passwordFile = passwordFile;
    }

    @Override
    public boolean isInteractive() {
        return false;
    }

    @Override
    public boolean supports(CredentialItem... items) {
        for (CredentialItem item : items) {
            if (!(item instanceof CredentialItem.Username) && !(item instanceof CredentialItem.Password)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean get(URIish uri, CredentialItem... items) throws UnsupportedCredentialItem {
        String password;
        try {
            password = SecretFiles.read("target.credentials.passwordFile", passwordFile);
        } catch (IOException e) {
            throw new UnsupportedCredentialItem(uri, e.getMessage());
        }
        for (CredentialItem item : items) {
            if (item instanceof CredentialItem.Username user) {
                user.setValue(username);
            } else if (item instanceof CredentialItem.Password secret) {
                secret.setValue(password.toCharArray());
            } else {
                throw new UnsupportedCredentialItem(uri, item.getClass().getSimpleName() + ": " + item.getPromptText());
            }
        }
        return true;
    }
}
