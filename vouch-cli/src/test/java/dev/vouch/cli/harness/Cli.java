package dev.vouch.cli.harness;

import dev.vouch.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs vouch in this process, capturing its output. */
public final class Cli {
    private Cli() {
    }

    public static CliResult run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code;
        try (PrintWriter outWriter = new PrintWriter(out); PrintWriter errWriter = new PrintWriter(err)) {
            code = Main.run(args, outWriter, errWriter);
        }
        return new CliResult(code, out.toString(), err.toString());
    }

    /** Runs vouch with arguments that may be paths. */
    public static CliResult run(List<?> args) {
        List<String> strings = new ArrayList<>();
        for (Object arg : args) {
            strings.add(arg instanceof Path path ? path.toString() : String.valueOf(arg));
        }
        return run(strings.toArray(String[]::new));
    }
}
