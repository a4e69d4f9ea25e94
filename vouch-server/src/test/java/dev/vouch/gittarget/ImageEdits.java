package dev.vouch.gittarget;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Test edits: set the first {@code image:} line of a manifest, as the manifests rewrite would. */
final class ImageEdits {
    private static final Pattern IMAGE = Pattern.compile("(?m)^(\\s*(?:- )?image: )[^\\s#]+");

    private ImageEdits() {
    }

    static FileEdit setImage(String path, String stream, String tag, String digest) {
        String image = "registry.example.com/" + stream + "@" + digest;
        return new FileEdit(path, current -> {
            String text = new String(current, StandardCharsets.UTF_8);
            Matcher matcher = IMAGE.matcher(text);
            if (!matcher.find()) {
                throw new EditConflictException("no image field");
            }
            return (text.substring(0, matcher.start()) + matcher.group(1) + image + text.substring(matcher.end()))
                    .getBytes(StandardCharsets.UTF_8);
        }, new ChangeDescription(stream, tag, digest, List.of("Release <release@example.com>")));
    }

    static String digest(char fill) {
        return "sha256:" + String.valueOf(fill).repeat(64);
    }

    static String deployment(String name) {
        return "# the " + name + " deployment\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + name
                + "\nspec:\n  template:\n    spec:\n      containers:\n      - name: " + name
                + "\n        image: registry.example.com/" + name + ":1.0 # pinned by vouch\n";
    }
}
