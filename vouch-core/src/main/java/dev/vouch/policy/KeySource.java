package dev.vouch.policy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Where trusted key (or certificate) material comes from, exactly as the policy wrote it: one of the
 * {@code keyPath} / {@code keyPaths} / {@code keyData} / {@code keyDatas} forms.
 *
 * <p>Paths are kept as written. A relative path is resolved against the current working directory of the
 * process when the key is read (as containers/image does); a missing or unreadable file is not a policy error
 * but makes the requirement reject at evaluation. Inline data is already base64-decoded.
 */
public sealed interface KeySource {

    /** The JSON field name used for this form when it holds keys ({@code keyPath}, {@code keyDatas}, ...). */
    String fieldSuffix();

    /** {@code ...Path}: one file. */
    record FromPath(Path path) implements KeySource {
        public FromPath {
            Objects.requireNonNull(path, "path");
            if (path.toString().isEmpty()) {
                throw new IllegalArgumentException("a key path must not be empty");
            }
        }

        @Override
        public String fieldSuffix() {
            return "Path";
        }
    }

    /** {@code ...Paths}: several files, at least one. */
    record FromPaths(List<Path> paths) implements KeySource {
        public FromPaths {
            paths = List.copyOf(paths);
            if (paths.isEmpty()) {
                throw new IllegalArgumentException("a list of key paths must not be empty");
            }
            for (Path path : paths) {
                new FromPath(path);
            }
        }

        @Override
        public String fieldSuffix() {
            return "Paths";
        }
    }

    /** {@code ...Data}: inline material (decoded from base64). */
    record FromData(byte[] data) implements KeySource {
        public FromData {
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public String fieldSuffix() {
            return "Data";
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof FromData that && Arrays.equals(data, that.data);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "FromData[" + data.length + " bytes]";
        }
    }

    /** {@code ...Datas}: several inline blobs, at least one. */
    record FromDatas(List<byte[]> datas) implements KeySource {
        public FromDatas {
            List<byte[]> copy = new ArrayList<>();
            for (byte[] data : datas) {
                copy.add(data.clone());
            }
            if (copy.isEmpty()) {
                throw new IllegalArgumentException("a list of inline keys must not be empty");
            }
            datas = List.copyOf(copy);
        }

        @Override
        public List<byte[]> datas() {
            return datas.stream().map(byte[]::clone).toList();
        }

        @Override
        public String fieldSuffix() {
            return "Datas";
        }

        @Override
        public boolean equals(Object other) {
            if (!(other instanceof FromDatas that) || that.datas.size() != datas.size()) {
                return false;
            }
            for (int i = 0; i < datas.size(); i++) {
                if (!Arrays.equals(datas.get(i), that.datas.get(i))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            int hash = 1;
            for (byte[] data : datas) {
                hash = 31 * hash + Arrays.hashCode(data);
            }
            return hash;
        }

        @Override
        public String toString() {
            return "FromDatas[" + datas.size() + " items]";
        }
    }

    /** Whether this is a single file or single blob (the only forms allowed for CA certificates). */
    default boolean isSingle() {
        return this instanceof FromPath || this instanceof FromData;
    }
}
