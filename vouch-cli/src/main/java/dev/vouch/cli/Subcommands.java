package dev.vouch.cli;

import dev.vouch.cli.copy.CopyCommand;
import dev.vouch.cli.inspect.InspectCommand;
import dev.vouch.cli.login.LoginCommand;
import dev.vouch.cli.login.LogoutCommand;
import dev.vouch.cli.policy.PolicyCommand;
import dev.vouch.cli.signing.GenerateSigstoreKeyCommand;
import dev.vouch.cli.signing.SignCommand;
import dev.vouch.cli.signing.StandaloneSignCommand;
import dev.vouch.cli.signing.StandaloneVerifyCommand;
import dev.vouch.cli.streams.HistoryCommand;
import dev.vouch.cli.streams.ImportCommand;
import dev.vouch.cli.streams.RolloutCommand;
import dev.vouch.cli.streams.ServeCommand;
import dev.vouch.cli.triggers.SetCommand;
import dev.vouch.cli.trust.TrustCommand;
import dev.vouch.cli.verify.VerifyCommand;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * The subcommands of {@code vouch}. Building a command's model costs start-up time, so when the first argument
 * names a subcommand only that one is registered, and for {@code vouch --version} none; otherwise (help, a mistake)
 * all are, so usage lists them all.
 */
final class Subcommands {
    private static final Map<String, Supplier<Object>> ALL = new LinkedHashMap<>();

    static {
        ALL.put("verify", VerifyCommand::new);
        ALL.put("policy", PolicyCommand::new);
        ALL.put("trust", TrustCommand::new);
        ALL.put("inspect", InspectCommand::new);
        ALL.put("login", LoginCommand::new);
        ALL.put("logout", LogoutCommand::new);
        ALL.put("copy", CopyCommand::new);
        ALL.put("sign", SignCommand::new);
        ALL.put("standalone-sign", StandaloneSignCommand::new);
        ALL.put("generate-sigstore-key", GenerateSigstoreKeyCommand::new);
        ALL.put("standalone-verify", StandaloneVerifyCommand::new);
        ALL.put("import", ImportCommand::new);
        ALL.put("history", HistoryCommand::new);
        ALL.put("rollout", RolloutCommand::new);
        ALL.put("set", SetCommand::new);
        ALL.put("serve", ServeCommand::new);
    }

    private Subcommands() {
    }

    static void register(CommandLine commandLine, String[] args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            return;
        }
        Supplier<Object> named = args.length > 0 ? ALL.get(args[0]) : null;
        if (named != null) {
            commandLine.addSubcommand(args[0], named.get());
            return;
        }
        ALL.forEach((name, command) -> commandLine.addSubcommand(name, command.get()));
    }
}
