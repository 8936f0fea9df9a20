package io.bramble.agent.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialStoreTest {
    @TempDir Path tmp;
    private final Credential cred = new Credential("n-1", "node01", "s3cr3t-credential", "http://center:8080");

    @Test
    void savedCredentialIsOwnerOnlyAndLoadsBack() throws Exception {
        CredentialStore store = new CredentialStore(tmp.resolve("data"));
        store.save(cred);
        assertThat(Files.getPosixFilePermissions(store.file())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(tmp.resolve("data"))).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(store.load()).contains(cred);
        // no temporary files left beside it
        try (var files = Files.list(tmp.resolve("data"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("credential.json");
        }
    }

    @Test
    void overwritingKeepsTheModeAndReplacesTheContent() throws Exception {
        CredentialStore store = new CredentialStore(tmp);
        store.save(cred);
        Credential other = new Credential("n-2", "node02", "another", "http://center:8080");
        store.save(other);
        assertThat(store.load()).contains(other);
        assertThat(Files.getPosixFilePermissions(store.file())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aCredentialOthersCouldReadIsTightenedOnLoad() throws Exception {
        CredentialStore store = new CredentialStore(tmp);
        store.save(cred);
        Files.setPosixFilePermissions(store.file(), PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(store.load()).contains(cred);
        assertThat(Files.getPosixFilePermissions(store.file())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aCorruptFileIsSetAsideAndTreatedAsNotEnrolled() throws Exception {
        CredentialStore store = new CredentialStore(tmp);
        Files.writeString(store.file(), "{\"nodeId\":");
        assertThat(store.load()).isEmpty();
        assertThat(tmp.resolve("credential.json.bad")).exists();
        assertThat(store.file()).doesNotExist();
    }

    @Test
    void deleteForgetsIt() throws Exception {
        CredentialStore store = new CredentialStore(tmp);
        store.save(cred);
        store.delete();
        assertThat(store.load()).isEmpty();
    }

    @Test
    void theSecretNeverAppearsInToString() {
        assertThat(cred.toString()).doesNotContain("s3cr3t").contains("n-1");
    }
}
