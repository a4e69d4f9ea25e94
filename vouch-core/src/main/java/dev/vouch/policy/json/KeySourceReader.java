package dev.vouch.policy.json;

import dev.vouch.policy.KeySource;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the {@code PREFIXPath} / {@code PREFIXPaths} / {@code PREFIXData} / {@code PREFIXDatas} field families
 * ({@code keyPath}, {@code rekorPublicKeyDatas}, {@code caRootsPath}, ...) into a {@link KeySource}.
 */
final class KeySourceReader {
    static final List<String> ALL_FORMS = List.of("Path", "Paths", "Data", "Datas");
    static final List<String> SINGLE_FORMS = List.of("Path", "Data");

    private KeySourceReader() {
    }

    /** The field names of {@code prefix} in {@code forms}: {@code keyPath, keyPaths, ...}. */
    static List<String> names(String prefix, List<String> forms) {
        return forms.stream().map(form -> prefix + form).toList();
    }

    /** Which of {@code names} are present. */
    static List<String> present(Fields fields, List<String> names) {
        List<String> found = new ArrayList<>();
        for (String name : names) {
            if (fields.has(name)) {
                found.add(name);
            }
        }
        return found;
    }

    /** "exactly one of a, b and c" / "found a and b". */
    static String list(List<String> names) {
        if (names.size() <= 1) {
            return String.join("", names);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    /** Reads the present field {@code name}, whose form is given by its suffix. */
    static Optional<KeySource> read(Fields fields, String name) {
        if (name.endsWith("Paths")) {
            return fields.stringArray(name).flatMap(paths -> paths(fields, name, paths));
        } else if (name.endsWith("Path")) {
            return fields.optionalString(name, true).flatMap(path -> toPath(fields, fields.pathOf(name), path))
                    .map(KeySource.FromPath::new);
        } else if (name.endsWith("Datas")) {
            return fields.base64Array(name).map(KeySource.FromDatas::new);
        } else if (name.endsWith("Data")) {
            return fields.base64(name).map(KeySource.FromData::new);
        }
        throw new IllegalArgumentException("not a key source field: " + name);
    }

    private static Optional<KeySource> paths(Fields fields, String name, List<String> values) {
        List<Path> paths = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            Optional<Path> path = toPath(fields, JsonPath.index(fields.pathOf(name), i), values.get(i));
            if (path.isEmpty()) {
                return Optional.empty();
            }
            paths.add(path.get());
        }
        return Optional.of(new KeySource.FromPaths(paths));
    }

    private static Optional<Path> toPath(Fields fields, String at, String value) {
        try {
            return Optional.of(Path.of(value));
        } catch (InvalidPathException e) {
            fields.problems().add(at, "invalid path " + JsonPath.quote(value) + ": " + e.getReason());
            return Optional.empty();
        }
    }
}
