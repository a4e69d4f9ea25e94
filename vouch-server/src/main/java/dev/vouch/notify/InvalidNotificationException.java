package dev.vouch.notify;

/** A notification body that is not a distribution event envelope; the message says what is wrong with it. */
public final class InvalidNotificationException extends Exception {

    public InvalidNotificationException(String message) {
        super(message);
    }
}
