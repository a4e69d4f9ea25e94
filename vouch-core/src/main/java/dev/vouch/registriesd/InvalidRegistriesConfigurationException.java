package dev.vouch.registriesd;

/** A registries.d directory or one of its files is invalid; the message names the file and the key. */
public class InvalidRegistriesConfigurationException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidRegistriesConfigurationException(String message) {
        super(message);
    }

    public InvalidRegistriesConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
