package dev.vouch.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * One-line descriptions of JSON and YAML syntax errors. A JSON error never echoes the input (the token Jackson
 * quotes first is the input's), so a file given by mistake, such as a passphrase file passed as a policy, is not
 * printed; a YAML error gives the parser's problem and position without the snippet of the file.
 */
public final class ParseErrors {
    private static final Pattern QUOTED = Pattern.compile("'[^']*'|\"[^\"]*\"");

    private ParseErrors() {
    }

    /** E.g. {@code invalid JSON at line 3, column 7: Unrecognized token (text omitted): was expecting ...}. */
    public static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? "syntax error" : e.getOriginalMessage();
        return "invalid JSON" + where(e.getLocation()) + ": " + firstLine(QUOTED.matcher(message).replaceFirst("(text omitted)"));
    }

    /** E.g. {@code invalid YAML at line 2, column 12: found unexpected end of stream}. */
    public static String describe(YamlEngineException e) {
        if (e instanceof MarkedYamlEngineException marked) {
            String problem = marked.getProblem() == null ? "syntax error" : marked.getProblem();
            String where = marked.getProblemMark().map(ParseErrors::where).orElse("");
            return "invalid YAML" + where + ": " + firstLine(problem);
        }
        return "invalid YAML: " + firstLine(String.valueOf(e.getMessage()));
    }

    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 0) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String where(Mark mark) {
        return " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }
}
