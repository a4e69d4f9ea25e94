package dev.vouch.image.oci;

import dev.vouch.reference.InvalidReferenceException;
import java.util.regex.Pattern;

/**
 * The {@code PATH[:IMAGE]} syntax shared by {@code oci:} and {@code oci-archive:}: split at the first colon; the path
 * must then contain no colon (always true after the split, kept as the reference states it) and the image name, if
 * not empty, must match the OCI {@code org.opencontainers.image.ref.name} grammar:
 * {@code component(/component)*}, component {@code [A-Za-z0-9]+} joined by {@code -._:@+} or {@code --}.
 */
public final class OciNames {
    private static final String ALPHANUM = "[A-Za-z0-9]+";
    private static final String COMPONENT = ALPHANUM + "(?:(?:[-._:@+]|--)" + ALPHANUM + ")*";
    private static final Pattern REF_NAME = Pattern.compile(COMPONENT + "(?:/" + COMPONENT + ")*");

    private OciNames() {
    }

    /** A path and an image name (empty if none was given). */
    public record PathAndImage(String path, String image) {
    }

    /** Splits and validates {@code withinTransport}; {@code transport} names the transport in messages. */
    public static PathAndImage parse(String transport, String withinTransport) {
        int colon = withinTransport.indexOf(':');
        String path = colon < 0 ? withinTransport : withinTransport.substring(0, colon);
        String image = colon < 0 ? "" : withinTransport.substring(colon + 1);
        if (path.contains(":")) {
            throw new InvalidReferenceException(transport + ": invalid reference: path " + path + " contains a colon");
        }
        if (!isValidImageName(image)) {
            throw new InvalidReferenceException(transport + ": invalid image name \"" + image
                    + "\": expected components of letters and digits joined by - . _ : @ + or --, separated by /");
        }
        return new PathAndImage(path, image);
    }

    /** Whether {@code image} is empty or a valid OCI reference name. */
    public static boolean isValidImageName(String image) {
        return image.isEmpty() || REF_NAME.matcher(image).matches();
    }
}
