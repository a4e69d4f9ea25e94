package dev.vouch.stream;

import java.util.ArrayList;
import java.util.List;

/**
 * The problems found in one configuration file, each as {@code FILE: PATH: what is wrong}, mapping by mapping (a
 * mapping's unknown and duplicate keys first, then its fields' problems).
 */
final class ConfigProblems {
    private final String fileName;
    private final List<String> problems = new ArrayList<>();

    ConfigProblems(String fileName) {
        this.fileName = fileName;
    }

    void add(String path, String problem) {
        problems.add(fileName + ": " + (path.isEmpty() ? "" : path + ": ") + problem);
    }

    int count() {
        return problems.size();
    }

    void throwIfAny() throws InvalidStreamConfigException {
        if (!problems.isEmpty()) {
            throw new InvalidStreamConfigException(problems);
        }
    }
}
