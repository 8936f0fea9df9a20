package io.bramble.agent.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.bramble.core.wire.AgentEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventQueueTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);
    @TempDir Path dir;

    @Test
    void eventsSurviveReopeningInOrderWithIncreasingSeq() throws Exception {
        try (EventQueue q = new EventQueue(dir, 100, CLOCK)) {
            q.append("agent.started", Map.of("version", "1"));
            q.append("locate.pressed", Map.of());
            q.append("throttling.started", Map.of("raw", "0x50005"));
        }
        try (EventQueue q = new EventQueue(dir, 100, CLOCK)) {
            assertThat(q.peek(10)).extracting(AgentEvent::seq).containsExactly(1L, 2L, 3L);
            assertThat(q.peek(10)).extracting(AgentEvent::type).containsExactly("agent.started", "locate.pressed", "throttling.started");
            assertThat(q.peek(10).get(2).detail()).containsEntry("raw", "0x50005");
            assertThat(q.peek(10).get(0).at()).isEqualTo(CLOCK.instant());
            assertThat(q.append("locate.pressed", Map.of()).seq()).isEqualTo(4);
            assertThat(q.peek(2)).extracting(AgentEvent::seq).containsExactly(1L, 2L);
        }
    }

    @Test
    void acknowledgedEventsLeaveTheFileAndSeqKeepsGrowingAfterReopen() throws Exception {
        try (EventQueue q = new EventQueue(dir, 100, CLOCK)) {
            for (int i = 0; i < 5; i++) q.append("e", Map.of());
            q.acknowledge(3);
            assertThat(q.peek(10)).extracting(AgentEvent::seq).containsExactly(4L, 5L);
            q.acknowledge(5);
            assertThat(q.size()).isZero();
        }
        assertThat(Files.readString(dir.resolve(EventQueue.QUEUE_FILE))).isEmpty();
        try (EventQueue q = new EventQueue(dir, 100, CLOCK)) {
            // the queue is empty, yet seq continues: the center drops seq numbers it already has
            assertThat(q.append("e", Map.of()).seq()).isEqualTo(6);
        }
    }

    @Test
    void aFullQueueDropsTheOldestAndSaysSo() throws Exception {
        try (EventQueue q = new EventQueue(dir, 100, CLOCK)) {
            for (int i = 1; i <= 100; i++) q.append("e", Map.of("i", Integer.toString(i)));
            q.append("last", Map.of());
            // the oldest tenth (seq 1-10) went; an events.dropped event says so, then the new event
            assertThat(q.size()).isEqualTo(92);
            assertThat(q.peek(1).getFirst().seq()).isEqualTo(11);
            var all = q.peek(1000);
            AgentEvent dropped = all.get(all.size() - 2);
            assertThat(dropped.type()).isEqualTo("events.dropped");
            assertThat(dropped.detail()).containsEntry("count", "10").containsEntry("firstSeq", "1").containsEntry("lastSeq", "10");
            assertThat(all.getLast().type()).isEqualTo("last");
            assertThat(all.getLast().seq()).isEqualTo(102);
            assertThat(q.droppedTotal()).isEqualTo(10);
        }
        try (EventQueue q = new EventQueue(dir, 100, CLOCK)) {
            assertThat(q.size()).isEqualTo(92);
            assertThat(Files.readAllLines(dir.resolve(EventQueue.QUEUE_FILE))).hasSize(92);
        }
    }

    @Test
    void aLineTornByACrashIsDroppedAndTheRestKept() throws Exception {
        try (EventQueue q = new EventQueue(dir, 100, CLOCK)) {
            q.append("a", Map.of());
            q.append("b", Map.of());
        }
        Files.writeString(dir.resolve(EventQueue.QUEUE_FILE), "{\"seq\":3,\"at\":\"2026-11", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (EventQueue q = new EventQueue(dir, 100, CLOCK)) {
            assertThat(q.peek(10)).extracting(AgentEvent::type).containsExactly("a", "b");
            assertThat(q.append("c", Map.of()).seq()).isEqualTo(3);
        }
        assertThat(Files.readAllLines(dir.resolve(EventQueue.QUEUE_FILE))).hasSize(3).allMatch(l -> l.startsWith("{"));
    }

    @Test
    void aSmallerLimitOnReopenKeepsTheNewest() throws Exception {
        try (EventQueue q = new EventQueue(dir, 1000, CLOCK)) {
            for (int i = 0; i < 150; i++) q.append("e", Map.of());
        }
        try (EventQueue q = new EventQueue(dir, 100, CLOCK)) {
            assertThat(q.size()).isEqualTo(100);
            assertThat(q.peek(1).getFirst().seq()).isEqualTo(51);
            assertThat(q.append("e", Map.of()).seq()).isGreaterThan(150);
        }
    }

    @Test
    void awaitNonEmptyWakesOnAppend() throws Exception {
        try (EventQueue q = new EventQueue(dir, 100, CLOCK)) {
            assertThat(q.awaitNonEmpty(java.time.Duration.ofMillis(20))).isFalse();
            Thread.ofVirtual().start(() -> {
                try {
                    q.append("e", Map.of());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertThat(q.awaitNonEmpty(java.time.Duration.ofSeconds(5))).isTrue();
        }
    }
}
