package io.bramble.boot.tftp;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Normalises requested TFTP paths and refuses the dangerous ones; splits off a Pi serial prefix. */
public final class TftpPaths {
    private static final Pattern SERIAL = Pattern.compile("[0-9a-fA-F]{8}");

    private TftpPaths() {}

    /**
     * The normalised path ({@code a//b/./c} becomes {@code a/b/c}).
     *
     * @throws IllegalArgumentException naming the reason for absolute paths, {@code ..}, backslashes, NUL and other
     *                                  control characters, and empty paths
     */
    public static String normalise(String raw) {
        if (raw.isEmpty()) throw new IllegalArgumentException("empty file name");
        if (raw.length() > 1024) throw new IllegalArgumentException("file name longer than 1024 characters");
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c < 0x20 || c == 0x7f) throw new IllegalArgumentException("control character in file name");
            if (c == '\\') throw new IllegalArgumentException("backslash in file name");
        }
        if (raw.startsWith("/")) throw new IllegalArgumentException("absolute path refused");
        if (raw.length() > 1 && raw.charAt(1) == ':') throw new IllegalArgumentException("absolute path refused");
        List<String> parts = new ArrayList<>();
        for (String part : raw.split("/")) {
            if (part.isEmpty() || part.equals(".")) continue;
            if (part.equals("..")) throw new IllegalArgumentException("'..' refused");
            parts.add(part);
        }
        if (parts.isEmpty()) throw new IllegalArgumentException("empty file name");
        return String.join("/", parts);
    }

    /** The serial when the first element of a normalised path is 8 hex digits (lower-cased), else null. */
    public static String serialOf(String normalised) {
        int slash = normalised.indexOf('/');
        String first = slash < 0 ? normalised : normalised.substring(0, slash);
        return SERIAL.matcher(first).matches() ? first.toLowerCase(java.util.Locale.ROOT) : null;
    }

    /** The path after the serial prefix ("" when the request names only the serial). */
    public static String afterSerial(String normalised) {
        int slash = normalised.indexOf('/');
        return slash < 0 ? "" : normalised.substring(slash + 1);
    }
}
