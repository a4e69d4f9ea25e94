package dev.vouch.cli.verify;

import dev.vouch.cli.UserInputException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The images of {@code vouch verify --images-from FILE}: one image name per line; blank lines and lines whose first
 * non-blank character is {@code #} are skipped; blanks around a name are ignored. Each name keeps where it came
 * from ({@code FILE:LINE}) for messages.
 */
final class ImageList {
    /** The largest list read. */
    static final int MAX_FILE_BYTES = 16 * 1024 * 1024;

    /** An image name and where it was given: {@code FILE:LINE}, or empty for a command-line argument. */
    record Entry(String name, String origin) {
        /** {@code FILE:LINE: } or nothing, to put in front of a message about this image. */
        String prefix() {
            return origin.isEmpty() ? "" : origin + ": ";
        }
    }

    private ImageList() {
    }

    static List<Entry> read(Path file) {
        byte[] content;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new UserInputException(file + ": larger than " + MAX_FILE_BYTES + " bytes");
            }
            content = Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UserInputException(file + ": no such file");
        } catch (IOException e) {
            throw new UserInputException(file + ": cannot be read" + (e.getMessage() == null ? ""
                    : ": " + e.getMessage()));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw new UserInputException(file + ": not UTF-8 text");
        }
        List<Entry> entries = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            entries.add(new Entry(line, file + ":" + (i + 1)));
        }
        return entries;
    }
}
