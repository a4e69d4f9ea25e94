package dev.vouch.manifests;

/**
 * Where a YAML node's text is in a file: {@code [start, end)} as char offsets into the decoded file text, and the
 * 1-based line and column of its start. For an image this is the scalar itself, quotes included.
 */
public record SourceRange(int start, int end, int line, int column) {
}
