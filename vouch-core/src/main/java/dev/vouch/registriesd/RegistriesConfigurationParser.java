package dev.vouch.registriesd;

import dev.vouch.io.ParseErrors;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Strict parsing of one registries.d file: a YAML mapping with optional {@code default-docker} (a section) and
 * {@code docker} (scope -> section); a section has {@code lookaside}, {@code lookaside-staging}, {@code sigstore},
 * {@code sigstore-staging} (strings) and {@code use-sigstore-attachments} (a boolean). Unknown keys, wrong types,
 * duplicate keys, several documents and YAML aliases are refused. A {@code null} value counts as unset.
 */
final class RegistriesConfigurationParser {
    private static final Set<String> TOP_KEYS = Set.of("default-docker", "docker");
    private static final Set<String> SECTION_KEYS = Set.of("lookaside", "lookaside-staging", "sigstore",
            "sigstore-staging", "use-sigstore-attachments");

    /** One parsed file. */
    record FileConfiguration(Optional<NamespaceSection> defaultDocker, Map<String, NamespaceSection> docker) {
    }

    private RegistriesConfigurationParser() {
    }

    static FileConfiguration parse(byte[] content, String fileName) throws InvalidRegistriesConfigurationException {
        String text = decodeUtf8(content, fileName);
        LoadSettings settings = LoadSettings.builder()
                .setAllowDuplicateKeys(false)
                .setMaxAliasesForCollections(0)
                .setAllowRecursiveKeys(false)
                .setCodePointLimit(RegistriesDirectory.MAX_FILE_BYTES)
                .setLabel(fileName)
                .build();
        List<Object> documents = new ArrayList<>();
        try {
            new Load(settings).loadAllFromString(text).forEach(documents::add);
        } catch (YamlEngineException e) {
            throw new InvalidRegistriesConfigurationException(fileName + ": " + ParseErrors.describe(e), e);
        }
        if (documents.size() > 1) {
            throw new InvalidRegistriesConfigurationException("parsing " + fileName + ": expected one YAML document, found "
                    + documents.size());
        }
        Object root = documents.isEmpty() ? null : documents.get(0);
        if (root == null) {
            return new FileConfiguration(Optional.empty(), Map.of());
        }
        Map<String, Object> top = mapping(root, fileName, "the top level");
        for (String key : top.keySet()) {
            if (!TOP_KEYS.contains(key)) {
                throw new InvalidRegistriesConfigurationException("parsing " + fileName + ": unknown key \"" + key
                        + "\" at the top level; expected default-docker or docker");
            }
        }
        Optional<NamespaceSection> defaultDocker = Optional.empty();
        if (top.get("default-docker") != null) {
            defaultDocker = Optional.of(section(top.get("default-docker"), fileName, "default-docker"));
        }
        Map<String, NamespaceSection> docker = new LinkedHashMap<>();
        Object scopes = top.get("docker");
        if (scopes != null) {
            for (Map.Entry<String, Object> entry : mapping(scopes, fileName, "docker").entrySet()) {
                String path = "docker.\"" + entry.getKey() + "\"";
                docker.put(entry.getKey(), entry.getValue() == null ? NamespaceSection.EMPTY
                        : section(entry.getValue(), fileName, path));
            }
        }
        return new FileConfiguration(defaultDocker, docker);
    }

    private static NamespaceSection section(Object value, String fileName, String path)
            throws InvalidRegistriesConfigurationException {
        Map<String, Object> section = mapping(value, fileName, path);
        for (String key : section.keySet()) {
            if (!SECTION_KEYS.contains(key)) {
                throw new InvalidRegistriesConfigurationException("parsing " + fileName + ": unknown key \"" + key
                        + "\" in " + path + "; expected lookaside, lookaside-staging, sigstore, sigstore-staging"
                        + " or use-sigstore-attachments");
            }
        }
        Object attachments = section.get("use-sigstore-attachments");
        if (attachments != null && !(attachments instanceof Boolean)) {
            throw new InvalidRegistriesConfigurationException("parsing " + fileName + ": " + path
                    + ".use-sigstore-attachments must be true or false");
        }
        return new NamespaceSection(string(section, "lookaside", fileName, path),
                string(section, "lookaside-staging", fileName, path), string(section, "sigstore", fileName, path),
                string(section, "sigstore-staging", fileName, path), Optional.ofNullable((Boolean) attachments));
    }

    private static Optional<String> string(Map<String, Object> section, String key, String fileName, String path)
            throws InvalidRegistriesConfigurationException {
        Object value = section.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String s)) {
            throw new InvalidRegistriesConfigurationException("parsing " + fileName + ": " + path + "." + key
                    + " must be a string (a URL)");
        }
        return Optional.of(s);
    }

    private static Map<String, Object> mapping(Object value, String fileName, String path)
            throws InvalidRegistriesConfigurationException {
        if (!(value instanceof Map<?, ?> map)) {
            throw new InvalidRegistriesConfigurationException("parsing " + fileName + ": " + path
                    + " must be a mapping");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String key)) {
                throw new InvalidRegistriesConfigurationException("parsing " + fileName + ": key " + entry.getKey()
                        + " in " + path + " must be a string");
            }
            result.put(key, entry.getValue());
        }
        return result;
    }

    private static String decodeUtf8(byte[] content, String fileName) throws InvalidRegistriesConfigurationException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidRegistriesConfigurationException("parsing " + fileName + ": not valid UTF-8");
        }
    }
}
