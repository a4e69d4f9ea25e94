package dev.vouch.cli.streams;

import dev.vouch.cli.UserInputException;
import dev.vouch.gate.GatePolicy;
import dev.vouch.policy.InvalidPolicyException;
import dev.vouch.registriesd.InvalidRegistriesConfigurationException;
import dev.vouch.registriesd.RegistriesDirectory;
import dev.vouch.store.SqliteStateStore;
import dev.vouch.store.StateStore;
import dev.vouch.store.StoreException;
import dev.vouch.stream.InvalidStreamConfigException;
import dev.vouch.stream.StreamConfig;
import dev.vouch.stream.DockerImageTags;
import dev.vouch.stream.StreamConfigParser;
import dev.vouch.stream.StreamTag;
import dev.vouch.stream.StreamTagName;
import dev.vouch.transport.SourceContext;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The {@code --config} option of the stream commands, and what they build from the file it names. */
public final class StreamsConfigOption {

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "vouch.yaml",
            description = "the streams configuration (default: ./vouch.yaml)")
    Path file;

    /** The validated configuration; an invalid one is a user error listing every problem. */
    StreamConfig load() {
        try {
            return StreamConfigParser.parse(file, Path.of(System.getProperty("user.home", "/")));
        } catch (InvalidStreamConfigException e) {
            throw new UserInputException(e.getMessage(), e);
        }
    }

    /** The configured policy, read once and hashed. */
    static GatePolicy policy(StreamConfig config) {
        try {
            return GatePolicy.load(config.policyFile());
        } catch (InvalidPolicyException e) {
            throw new UserInputException(e.getMessage(), e);
        }
    }

    /** Image-reading settings; a configured registries.d is checked strictly first. */
    static SourceContext sourceContext(StreamConfig config) {
        SourceContext context = config.sourceContext();
        if (config.registriesDirectory().isPresent()) {
            try {
                RegistriesDirectory.load(config.registriesDirectory().get(), context);
            } catch (InvalidRegistriesConfigurationException e) {
                throw new UserInputException(e.getMessage(), e);
            }
        }
        return context;
    }

    /** What a command does with the state store. */
    interface StoreWork {
        void run(StateStore store) throws StoreException;
    }

    /**
     * Runs {@code work} on the configured state store, then closes it; a store failure (an unusable database, a
     * refused pin) is a user error, prefixed with {@code subject} if not empty.
     */
    static void withStore(StreamConfig config, String subject, StoreWork work) {
        try (StateStore store = SqliteStateStore.open(config.state())) {
            work.run(store);
        } catch (StoreException e) {
            throw new UserInputException((subject.isEmpty() ? "" : subject + ": ") + e.getMessage(), e);
        }
    }

    /**
     * The configured tags {@code selector} names (at least one), or the one tag {@code dockerimage:NAME} following an
     * image directly.
     */
    static List<StreamTag> select(StreamConfig config, String selector) {
        StreamTagName.Selector parsed = parseSelector(selector);
        List<StreamTag> tags = config.select(parsed);
        if (tags.isEmpty() && parsed.tag().isPresent()) {
            tags = config.resolve(new StreamTagName(parsed.stream(), parsed.tag().get())).stream().toList();
        }
        if (tags.isEmpty()) {
            throw new UserInputException(config.file() + ": " + (parsed.tag().isPresent() ? "no tag " + parsed
                    : "no stream " + parsed) + " is defined");
        }
        return tags;
    }

    /** The configured tag {@code STREAM:TAG}, or the tag {@code dockerimage:NAME} following an image directly. */
    static StreamTag tag(StreamConfig config, String name) {
        StreamTagName parsed;
        try {
            parsed = StreamTagName.parse(name);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(name + ": " + e.getMessage(), e);
        }
        return config.resolve(parsed).orElseThrow(() -> new UserInputException(config.file() + ": no tag " + parsed
                + " is defined" + (DockerImageTags.isDirect(parsed) ? " (nor is it the name of an image followed"
                + " directly, such as " + DockerImageTags.STREAM + ":quay.io_team_app_-1.4)" : "")));
    }

    static StreamTagName.Selector parseSelector(String selector) {
        try {
            return StreamTagName.Selector.parse(selector);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(selector + ": " + e.getMessage(), e);
        }
    }
}
