package io.bramble.center.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.bramble.center.config.CenterConfig;
import io.bramble.core.config.ConfigLoader;

/** The store's one writer: a bad write fails alone, even an Error does not stop it, and nothing waits forever at close. */
@Timeout(60) // before, an Error in a write killed the writer and the next write waited forever
class GroupCommitTest {
    @TempDir Path dir;

    private Store open() {
        CenterConfig cfg = ConfigLoader.parse("(test)", "dataDir: \"" + dir + "\"\n", CenterConfig.class);
        return Store.open(cfg.store(), cfg.dataPath());
    }

    private static void insertEvent(org.jdbi.v3.core.Handle h, long id) {
        h.createUpdate("INSERT INTO events (id, at, node_id, type, actor, detail) VALUES (:id, 0, NULL, 'test', 'test', '{}')")
                .bind("id", id).execute();
    }

    private static List<Long> ids(Store store) {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT id FROM events WHERE type = 'test' ORDER BY id").mapTo(Long.class).list());
    }

    @Test
    void aFailingWriteInABatchFailsAloneAndAnErrorDoesNotStopTheWriter() throws Exception {
        try (Store store = open()) {
            GroupCommit w = store.writer();
            // queued together, so they share a batch: the duplicate id fails, the others commit
            CompletableFuture<Void> a = w.submit(b -> insertEvent(b.handle(), 1));
            CompletableFuture<Void> dup = w.submit(b -> insertEvent(b.handle(), 1));
            CompletableFuture<Void> c = w.submit(b -> insertEvent(b.handle(), 3));
            a.get(10, TimeUnit.SECONDS);
            c.get(10, TimeUnit.SECONDS);
            assertThatThrownBy(() -> dup.get(10, TimeUnit.SECONDS)).hasMessageContaining("UNIQUE");

            // an Error in a write: its batch fails and is rolled back, and the writer goes on
            assertThatThrownBy(() -> w.run(h -> {
                insertEvent(h, 4);
                throw new StackOverflowError("test");
            })).hasMessageContaining("StackOverflowError");
            String answer = w.call(h -> {
                insertEvent(h, 5);
                return "ok";
            });
            assertThat(answer).isEqualTo("ok");
            assertThat(ids(store)).containsExactly(1L, 3L, 5L);
        }
    }

    @Test
    void aWriteAfterCloseIsRefusedNotLeftWaiting() throws Exception {
        Store store = open();
        GroupCommit w = store.writer();
        w.run(h -> insertEvent(h, 1));
        store.close();
        assertThatThrownBy(() -> w.submit(b -> insertEvent(b.handle(), 2)).get(10, TimeUnit.SECONDS)).hasMessageContaining("closing");
    }
}
