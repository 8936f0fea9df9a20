package io.bramble.agent;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replacing an agent file so a crash leaves the old content or the new, never half of either: write a
 * temporary file, fsync it, rename it over the target, fsync the directory. Writes go through a plain
 * file stream, which an interrupt of the calling thread cannot cut off (it would close a FileChannel).
 */
public final class DurableFiles {
    private DurableFiles() {}

    /** Replaces {@code target} with {@code content} atomically and durably. */
    public static void replace(Path target, byte[] content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileOutputStream out = new FileOutputStream(tmp.toFile())) {
            out.write(content);
            out.getFD().sync();
        }
        moveIntoPlace(tmp, target);
    }

    /** Renames a written and fsync'd {@code tmp} over {@code target}, then makes the rename durable. */
    public static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        syncDirectory(target.getParent());
    }

    /** Fsyncs a directory, so a rename or a new file in it survives a crash. */
    public static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some file systems cannot open a directory for fsync; the rename itself is still atomic
        }
    }
}
