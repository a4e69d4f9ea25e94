package dev.vouch.clusterconfig;

/** The configuration from the cluster cannot be used at start; the message is one line naming the object. */
public final class ClusterConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public ClusterConfigException(String message) {
        super(message);
    }

    public ClusterConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
