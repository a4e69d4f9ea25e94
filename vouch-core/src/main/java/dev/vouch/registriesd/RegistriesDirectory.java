package dev.vouch.registriesd;

import dev.vouch.transport.SourceContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads a registries.d directory (containers-registries.d(5)): every {@code *.yaml} file, in name order, merged.
 * A missing directory is an empty configuration. {@code default-docker}, or a {@code docker} scope, defined in two
 * files is an error naming both.
 */
public final class RegistriesDirectory {
    /** The largest file read. */
    public static final int MAX_FILE_BYTES = 1024 * 1024;
    /** The most {@code *.yaml} files read. */
    public static final int MAX_FILES = 1000;

    private RegistriesDirectory() {
    }

    /**
     * The directory to use: the context's explicit one; else {@code $HOME/.config/containers/registries.d} if it
     * exists; else {@code /etc/containers/registries.d}.
     */
    public static Path defaultDirectory(SourceContext context) {
        if (context.registriesDirectory().isPresent()) {
            return context.registriesDirectory().get();
        }
        Path user = context.homeDirectory().resolve(".config/containers/registries.d");
        return Files.exists(user) ? user : Path.of("/etc/containers/registries.d");
    }

    /** Loads the directory {@link #defaultDirectory} chooses for {@code context}. */
    public static RegistriesConfiguration load(SourceContext context) throws InvalidRegistriesConfigurationException {
        return load(defaultDirectory(context), context);
    }

    /** Loads {@code directory}; {@code context} gives the built-in default lookaside location. */
    public static RegistriesConfiguration load(Path directory, SourceContext context)
            throws InvalidRegistriesConfigurationException {
        Optional<NamespaceSection> defaultDocker = Optional.empty();
        String defaultDockerFile = null;
        Map<String, NamespaceSection> docker = new LinkedHashMap<>();
        Map<String, String> definedIn = new LinkedHashMap<>();
        for (Path file : yamlFiles(directory)) {
            RegistriesConfigurationParser.FileConfiguration config =
                    RegistriesConfigurationParser.parse(read(file), file.toString());
            if (config.defaultDocker().isPresent()) {
                if (defaultDockerFile != null) {
                    throw new InvalidRegistriesConfigurationException("\"default-docker\" is defined both in "
                            + defaultDockerFile + " and in " + file);
                }
                defaultDocker = config.defaultDocker();
                defaultDockerFile = file.toString();
            }
            for (Map.Entry<String, NamespaceSection> entry : config.docker().entrySet()) {
                String previous = definedIn.putIfAbsent(entry.getKey(), file.toString());
                if (previous != null) {
                    throw new InvalidRegistriesConfigurationException("\"docker\" scope \"" + entry.getKey()
                            + "\" is defined both in " + previous + " and in " + file);
                }
                docker.put(entry.getKey(), entry.getValue());
            }
        }
        return new RegistriesConfiguration(defaultDocker, docker, DefaultLookaside.location(context));
    }

    private static List<Path> yamlFiles(Path directory) throws InvalidRegistriesConfigurationException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "*.yaml")) {
            for (Path entry : entries) {
                if (files.size() >= MAX_FILES) {
                    throw new InvalidRegistriesConfigurationException(directory + " holds more than " + MAX_FILES
                            + " .yaml files");
                }
                files.add(entry);
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new InvalidRegistriesConfigurationException("reading " + directory + ": " + e.getMessage(), e);
        }
        files.sort(null);
        return files;
    }

    private static byte[] read(Path file) throws InvalidRegistriesConfigurationException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                throw new InvalidRegistriesConfigurationException(file + " is larger than the limit of "
                        + MAX_FILE_BYTES + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new InvalidRegistriesConfigurationException("reading " + file + ": " + e.getMessage(), e);
        }
    }
}
