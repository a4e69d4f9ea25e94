package dev.vouch.clusterconfig;

import java.util.regex.Pattern;

/**
 * Kubernetes' rule for the keys of a ConfigMap or Secret, which become file names here: letters, digits, '-', '_'
 * and '.', at most 253, neither {@code .} nor {@code ..}, and (for this mirror, as for the kubelet) not starting with
 * {@code ..}, the prefix of the mirror's own entries. A key breaking the rule can name no file outside its object's
 * directory, but the API server enforces it only on writes it validates: it is checked again here.
 */
final class ObjectKeys {
    static final String RULE = "a key must consist of letters, digits, '-', '_' or '.', at most 253, and must not"
            + " be '.' or start with '..'";
    private static final Pattern KEY = Pattern.compile("[-._a-zA-Z0-9]{1,253}");

    private ObjectKeys() {
    }

    static boolean isKey(String key) {
        return KEY.matcher(key).matches() && !key.equals(".") && !key.startsWith("..");
    }
}
