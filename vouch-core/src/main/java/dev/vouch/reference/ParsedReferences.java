package dev.vouch.reference;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A bounded memo of successful {@link ImageReference#parse} results. Parsing is a pure function of the string and
 * the result is immutable, so a hit is exactly what parsing again would give; the same references (policy
 * identities, signed identities of one image's signatures) are parsed over and over on a verification path. Failed
 * parses are not remembered. When full, the memo is emptied: memory stays bounded whatever the input.
 */
final class ParsedReferences {
    static final int MAX_ENTRIES = 4096;
    private static final ConcurrentHashMap<String, ImageReference> MEMO = new ConcurrentHashMap<>();

    private ParsedReferences() {
    }

    static ImageReference get(String value) {
        return MEMO.get(value);
    }

    static void put(String value, ImageReference reference) {
        if (value.length() > ReferenceGrammar.NAME_TOTAL_LENGTH_MAX + 256) {
            return;
        }
        if (MEMO.size() >= MAX_ENTRIES) {
            MEMO.clear();
        }
        MEMO.put(value, reference);
    }
}
