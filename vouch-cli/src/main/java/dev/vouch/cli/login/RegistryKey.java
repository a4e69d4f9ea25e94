package dev.vouch.cli.login;

import dev.vouch.cli.UserInputException;
import dev.vouch.reference.ImageReference;
import dev.vouch.reference.InvalidReferenceException;

/**
 * The REGISTRY argument of login and logout, as podman reads it: a host ({@code quay.io}, {@code host:5000}) or a
 * repository namespace ({@code quay.io/team}); a leading {@code http://} or {@code https://} is dropped, and the
 * Docker Hub aliases become {@code docker.io}.
 *
 * @param key the containers-auth.json {@code auths} key
 * @param registry the host (with port) that is contacted
 */
record RegistryKey(String key, String registry) {

    static RegistryKey parse(String argument) {
        String key = argument;
        if (key.startsWith("https://")) {
            key = key.substring("https://".length());
        } else if (key.startsWith("http://")) {
            key = key.substring("http://".length());
        }
        while (key.endsWith("/")) {
            key = key.substring(0, key.length() - 1);
        }
        if (key.equals("index.docker.io") || key.equals("registry-1.docker.io")) {
            key = "docker.io";
        }
        if (key.isEmpty() || key.contains("@") || key.chars().anyMatch(Character::isWhitespace)) {
            throw new UserInputException("\"" + argument + "\" is not a registry: expected HOST[:PORT][/NAMESPACE]");
        }
        int slash = key.indexOf('/');
        if (slash < 0) {
            return new RegistryKey(key, key);
        }
        try {
            ImageReference reference = ImageReference.parse(key);
            if (!reference.isNameOnly() || !reference.name().equals(key)) {
                throw new InvalidReferenceException("not a repository name");
            }
        } catch (InvalidReferenceException e) {
            throw new UserInputException("\"" + argument + "\" does not match the registry/repository format");
        }
        return new RegistryKey(key, key.substring(0, slash));
    }
}
