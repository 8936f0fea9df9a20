package io.bramble.agent.collect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads small /proc and /sys files below a root directory, so collectors can be pointed at a fixture tree. */
final class SysFiles {
    private SysFiles() {}

    /** {@code root} joined with an absolute path such as {@code /proc/loadavg}. */
    static Path under(Path root, String absolute) {
        String rel = absolute.startsWith("/") ? absolute.substring(1) : absolute;
        return rel.isEmpty() ? root : root.resolve(rel);
    }

    /**
     * The file's text, or null when it does not exist or cannot be read (a missing signal, not an
     * error: many files exist only on some kernels or boards).
     */
    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | UncheckedIOException e) {
            // e.g. EINVAL/ENODATA from a thermal zone that is switched off
            return null;
        }
    }

    /** The first line of the file, stripped, or null. */
    static String firstLine(Path file) {
        String text = read(file);
        if (text == null) return null;
        int nl = text.indexOf('\n');
        String line = (nl < 0 ? text : text.substring(0, nl)).strip();
        return line.isEmpty() ? null : line;
    }

    /** Entries of a directory whose names start with {@code prefix}, sorted by name; empty when the directory is missing. */
    static List<Path> list(Path dir, String prefix) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> out = new ArrayList<>(s.filter(p -> p.getFileName().toString().startsWith(prefix)).toList());
            out.sort((a, b) -> naturalCompare(a.getFileName().toString(), b.getFileName().toString()));
            return out;
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }

    /** Orders thermal_zone2 before thermal_zone10. */
    static int naturalCompare(String a, String b) {
        int i = 0, j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i), cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int si = i, sj = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) i++;
                while (j < b.length() && Character.isDigit(b.charAt(j))) j++;
                String na = a.substring(si, i).replaceFirst("^0+(?=.)", ""), nb = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
                int c = na.length() != nb.length() ? Integer.compare(na.length(), nb.length()) : na.compareTo(nb);
                if (c != 0) return c;
            } else {
                if (ca != cb) return Character.compare(ca, cb);
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    static Long parseLong(String s) {
        if (s == null) return null;
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Double parseDouble(String s) {
        if (s == null) return null;
        try {
            return Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
