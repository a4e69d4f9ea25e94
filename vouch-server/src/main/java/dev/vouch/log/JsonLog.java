package dev.vouch.log;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Structured logs of {@code vouch serve}: one JSON object per line, {@code {"time":..., "level":..., "event":...,
 * <fields>}}, so that log collectors index decisions by stream, tag, digest and outcome. Events are short dotted
 * names ({@code import.rejected}, {@code rollout.committed}); field values are strings or numbers. Callers never
 * pass secrets: a field named like one ({@code password}, {@code token}, {@code secret}, {@code key}) is refused.
 */
public final class JsonLog {
    /** Severity, in the words log collectors expect. */
    public enum Level { DEBUG, INFO, WARN, ERROR }

    private static final JsonFactory JSON = new JsonFactory();

    private final Writer out;
    private final Clock clock;
    private final Level threshold;

    public JsonLog(Writer out, Clock clock, Level threshold) {
        this.out = Objects.requireNonNull(out, "out");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.threshold = Objects.requireNonNull(threshold, "threshold");
    }

    public void info(String event, Map<String, ?> fields) {
        write(Level.INFO, event, fields);
    }

    public void warn(String event, Map<String, ?> fields) {
        write(Level.WARN, event, fields);
    }

    public void error(String event, Map<String, ?> fields) {
        write(Level.ERROR, event, fields);
    }

    public void debug(String event, Map<String, ?> fields) {
        write(Level.DEBUG, event, fields);
    }

    /** Writes one line if {@code level} reaches the threshold. */
    public void write(Level level, String event, Map<String, ?> fields) {
        if (level.ordinal() < threshold.ordinal()) {
            return;
        }
        String line = line(clock.instant(), level, event, fields);
        synchronized (out) {
            try {
                out.write(line);
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("writing the log", e);
            }
        }
    }

    static String line(Instant time, Level level, String event, Map<String, ?> fields) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            json.writeStringField("time", time.toString());
            json.writeStringField("level", level.name().toLowerCase(java.util.Locale.ROOT));
            json.writeStringField("event", event);
            for (Map.Entry<String, ?> field : fields.entrySet()) {
                String name = field.getKey();
                if (SecretNames.looksSecret(name)) {
                    throw new IllegalArgumentException("log field \"" + name + "\" looks like a secret");
                }
                Object value = field.getValue();
                if (value instanceof Number) {
                    json.writeFieldName(name);
                    json.writeNumber(value.toString());
                } else if (value instanceof Boolean) {
                    json.writeBooleanField(name, (Boolean) value);
                } else {
                    json.writeStringField(name, String.valueOf(value));
                }
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text + "\n";
    }
}
