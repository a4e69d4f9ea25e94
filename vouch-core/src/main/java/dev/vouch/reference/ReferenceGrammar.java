package dev.vouch.reference;

import java.util.regex.Pattern;

/**
 * The docker/distribution reference grammar, as regular expressions built from its productions.
 *
 * <pre>
 * reference       := name [ ":" tag ] [ "@" digest ]
 * name            := [domain '/'] remote-name
 * domain          := host [':' port-number]
 * host            := domain-name | IPv4address | \[ IPv6address \]
 * domain-name     := domain-component ['.' domain-component]*
 * domain-component:= /([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])/
 * remote-name     := path-component ['/' path-component]*
 * path-component  := alpha-numeric [separator alpha-numeric]*
 * alpha-numeric   := /[a-z0-9]+/
 * separator       := /[_.]|__|[-]+/
 * tag             := /[\w][\w.-]{0,127}/
 * digest          := algorithm ":" hex   (see {@link Digest})
 * </pre>
 */
public final class ReferenceGrammar {
    static final String ALPHA_NUMERIC = "[a-z0-9]+";
    static final String SEPARATOR = "(?:[._]|__|[-]+)";
    static final String PATH_COMPONENT = ALPHA_NUMERIC + "(?:" + SEPARATOR + ALPHA_NUMERIC + ")*";
    static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    static final String DOMAIN_NAME = DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*";
    static final String IPV6 = "\\[(?:[a-fA-F0-9:]+)\\]";
    static final String HOST = "(?:" + DOMAIN_NAME + "|" + IPV6 + ")";
    static final String DOMAIN = HOST + "(?::[0-9]+)?";
    static final String TAG = "[\\w][\\w.-]{0,127}";
    static final String DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
    static final String REMOTE_NAME = PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*";
    static final String NAME = "(?:" + DOMAIN + "/)?" + REMOTE_NAME;

    static final Pattern REFERENCE = Pattern.compile(
            "(" + NAME + ")(?::(" + TAG + "))?(?:@(" + DIGEST + "))?");
    static final Pattern ANCHORED_NAME = Pattern.compile(NAME);
    static final Pattern ANCHORED_DOMAIN = Pattern.compile(DOMAIN);
    static final Pattern ANCHORED_TAG = Pattern.compile(TAG);
    static final Pattern ANCHORED_PATH_COMPONENT = Pattern.compile(PATH_COMPONENT);
    static final Pattern IDENTIFIER = Pattern.compile("[a-f0-9]{64}");

    /** Longest name (domain and path) the grammar accepts. */
    public static final int NAME_TOTAL_LENGTH_MAX = 255;

    private ReferenceGrammar() {
    }

    /** Whether {@code value} is a {@code host[:port]} (no path), as accepted in a reference. */
    public static boolean isDomain(String value) {
        return ANCHORED_DOMAIN.matcher(value).matches();
    }

    /** Whether {@code value} is a name ({@code [domain/]path}) exactly as written, without normalization. */
    public static boolean isName(String value) {
        return ANCHORED_NAME.matcher(value).matches();
    }

    /** Whether {@code value} is a valid tag. */
    public static boolean isTag(String value) {
        return ANCHORED_TAG.matcher(value).matches();
    }

    /** Whether {@code value} is a single path component such as {@code my-app}. */
    public static boolean isPathComponent(String value) {
        return ANCHORED_PATH_COMPONENT.matcher(value).matches();
    }
}
