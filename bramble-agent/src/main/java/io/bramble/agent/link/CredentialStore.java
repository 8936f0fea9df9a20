package io.bramble.agent.link;

import io.bramble.agent.DurableFiles;
import io.bramble.core.json.Json;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

/**
 * Keeps the node credential in {@code <dataDir>/credential.json}, readable by the agent's user only
 * (0600). It is written to a temporary file created 0600 and then moved into place, so the secret is
 * never readable by others, not even for a moment, and a crash never leaves half a file.
 */
public final class CredentialStore {
    private static final Logger log = LoggerFactory.getLogger(CredentialStore.class);
    static final Set<PosixFilePermission> OWNER_RW = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> OWNER_RWX = PosixFilePermissions.fromString("rwx------");

    private final Path dir;
    private final Path file;

    public CredentialStore(Path dataDir) {
        this.dir = dataDir;
        this.file = dataDir.resolve("credential.json");
    }

    public Path file() {
        return file;
    }

    /** The saved credential, or empty when there is none. An unreadable file is set aside as credential.json.bad and treated as none. */
    public Optional<Credential> load() throws IOException {
        if (!Files.exists(file)) return Optional.empty();
        try {
            Credential c = Json.mapper().readValue(Files.readAllBytes(file), Credential.class);
            tightenPermissions();
            return Optional.of(c);
        } catch (JacksonException | IllegalArgumentException e) {
            Path bad = file.resolveSibling("credential.json.bad");
            Files.move(file, bad, StandardCopyOption.REPLACE_EXISTING);
            log.error("{} is not a valid credential ({}); moved it to {} and will enroll again", file, e.getMessage(), bad);
            return Optional.empty();
        }
    }

    /** Writes the credential atomically with mode 0600. */
    public void save(Credential credential) throws IOException {
        createDataDir(dir);
        byte[] bytes = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(credential);
        Path tmp = createPrivateTemp();
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap(bytes));
                ch.force(true);
            }
            DurableFiles.moveIntoPlace(tmp, file);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Forgets the credential (the center revoked it). */
    public void delete() throws IOException {
        Files.deleteIfExists(file);
        DurableFiles.syncDirectory(dir);
    }

    private Path createPrivateTemp() throws IOException {
        if (isPosix(dir)) {
            FileAttribute<Set<PosixFilePermission>> attr = PosixFilePermissions.asFileAttribute(OWNER_RW);
            return Files.createTempFile(dir, ".credential", ".tmp", attr);
        }
        return Files.createTempFile(dir, ".credential", ".tmp");
    }

    private void tightenPermissions() throws IOException {
        if (!isPosix(file)) return;
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        if (!perms.equals(OWNER_RW)) {
            log.warn("{} had permissions {}; set them to rw------- (only the agent may read the node credential)",
                    file, PosixFilePermissions.toString(perms));
            Files.setPosixFilePermissions(file, OWNER_RW);
        }
    }

    /** Creates the data directory (0700 when new) with a message that says what to do when it cannot. */
    public static void createDataDir(Path dir) throws IOException {
        if (Files.isDirectory(dir)) return;
        try {
            if (isPosix(dir.toAbsolutePath().getParent() == null ? dir : dir.toAbsolutePath().getParent()))
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_RWX));
            else Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("dataDir " + dir + " exists but is not a directory", e);
        } catch (IOException e) {
            throw new IOException("cannot create dataDir " + dir + " (" + e + "); create it for the agent's user or set dataDir in agent.yaml", e);
        }
    }

    private static boolean isPosix(Path p) {
        Path existing = p.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) existing = existing.getParent();
        try {
            return existing != null && Files.getFileStore(existing).supportsFileAttributeView("posix");
        } catch (IOException e) {
            return false;
        }
    }
}
