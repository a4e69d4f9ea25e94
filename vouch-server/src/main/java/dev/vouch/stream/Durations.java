package dev.vouch.stream;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations written as Go and Kubernetes write them: one or more of a whole number followed by {@code h},
 * {@code m} or {@code s}, largest unit first ({@code 30s}, {@code 15m}, {@code 1h30m}).
 */
public final class Durations {
    private static final Pattern FORM = Pattern.compile("(?:(\\d{1,6})h)?(?:(\\d{1,6})m)?(?:(\\d{1,9})s)?");

    private Durations() {
    }

    /** Parses {@code text}; throws {@link IllegalArgumentException} saying what the accepted form is. */
    public static Duration parse(String text) {
        Matcher matcher = FORM.matcher(text);
        if (text.isEmpty() || !matcher.matches()) {
            throw new IllegalArgumentException("invalid duration \"" + text
                    + "\": expected whole numbers with units h, m, s, largest first, e.g. 30s, 15m, 1h30m");
        }
        Duration duration = Duration.ZERO;
        if (matcher.group(1) != null) {
            duration = duration.plusHours(Long.parseLong(matcher.group(1)));
        }
        if (matcher.group(2) != null) {
            duration = duration.plusMinutes(Long.parseLong(matcher.group(2)));
        }
        if (matcher.group(3) != null) {
            duration = duration.plusSeconds(Long.parseLong(matcher.group(3)));
        }
        return duration;
    }

    /** The shortest form {@link #parse} reads back as {@code duration} (whole seconds). */
    public static String format(Duration duration) {
        long seconds = duration.toSeconds();
        StringBuilder text = new StringBuilder();
        if (seconds >= 3600) {
            text.append(seconds / 3600).append('h');
        }
        if (seconds % 3600 >= 60) {
            text.append(seconds % 3600 / 60).append('m');
        }
        if (seconds % 60 != 0 || seconds == 0) {
            text.append(seconds % 60).append('s');
        }
        return text.toString();
    }
}
