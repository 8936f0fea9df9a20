package io.bramble.center.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.bramble.core.json.Json;
import io.bramble.core.wire.BoardState;
import io.bramble.core.wire.Filesystem;
import io.bramble.core.wire.Heartbeat;
import io.bramble.core.wire.Sample;
import io.bramble.core.wire.Throttled;

/** The fast heartbeat reader gives what data binding gives, and leaves every other shape to data binding. */
class HeartbeatReaderTest {
    private static byte[] json(Object o) {
        return Json.mapper().writeValueAsBytes(o);
    }

    private static Heartbeat bound(byte[] bytes) {
        return Json.readStrict(bytes, Heartbeat.class);
    }

    @Test
    void readsWhatAgentsSendExactlyAsDataBindingDoes() {
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < 2_000; i++) {
            Instant at = Instant.ofEpochSecond(1_500_000_000L + r.nextLong(2_000_000_000L), i % 3 == 0 ? 0 : r.nextInt(1_000_000_000));
            boolean sparse = i % 5 == 0;
            List<Filesystem> fs = i % 7 == 0 ? List.of() : List.of(new Filesystem("/", "/dev/mmcblk0p2", "ext4", r.nextLong(1L << 40), r.nextLong(1L << 30)),
                    new Filesystem("/boot/firmware", null, "vfat", 536_870_912L, r.nextLong(1L << 20)));
            Sample s = new Sample(at, sparse ? null : r.nextDouble(8), r.nextDouble(8), i % 2 == 0 ? 1.0 : r.nextDouble(), r.nextDouble(100),
                    sparse ? null : 4_294_967_296L, r.nextLong(1L << 32), r.nextLong(1L << 40), r.nextLong(1L << 39), fs,
                    r.nextLong(Long.MAX_VALUE), sparse ? null : r.nextLong(1L << 50), r.nextDouble(1e7), sparse ? null : 30 + r.nextDouble(50),
                    i % 3 == 0 ? null : Throttled.fromBits(r.nextLong(0x100000)), i % 4 == 0 ? null : r.nextDouble(12));
            BoardState board = i % 2 == 0 ? null : new BoardState(i % 4 == 1, BoardState.Part.present("GPIO 17 via gpiod"),
                    BoardState.Part.present("ACT LED via /sys/class/leds/ACT"), BoardState.Part.absent("not configured"),
                    BoardState.Part.present("GPIO 18 PWM"), "green", "solid", false, i % 3 == 0, "auto", r.nextInt(101), i % 5 == 0 ? null : r.nextInt(5000));
            byte[] bytes = json(new Heartbeat(s, board));
            Heartbeat fast = HeartbeatReader.read(bytes);
            assertThat(fast).as(new String(bytes, StandardCharsets.UTF_8)).isNotNull().isEqualTo(bound(bytes));
        }
    }

    @Test
    void readsTimesAsInstantParseDoes() {
        for (String t : List.of("2026-11-23T10:00:00Z", "2026-11-23T10:00:00.5Z", "2024-02-29T23:59:59.123456789Z", "1970-01-01T00:00:00.000Z",
                "2026-12-31T00:00:01.010Z"))
            assertThat(HeartbeatReader.instant(t)).as(t).isEqualTo(Instant.parse(t));
        for (String t : List.of("2026-02-29T10:00:00Z", "2026-11-23T24:00:00Z", "2026-11-23T10:00:60Z", "2026-11-23T10:00:00+01:00",
                "2026-11-23 10:00:00Z", "2026-11-23T10:00:00.Z", "2026-11-23T10:00:00.1234567891Z", "+12026-11-23T10:00:00Z"))
            assertThat(HeartbeatReader.instant(t)).as(t).isNull();
    }

    @Test
    void leavesEveryOtherShapeToDataBinding() {
        String ok = "{\"sample\":{\"at\":\"2026-11-23T10:00:00Z\",\"load1\":1.5}}";
        assertThat(HeartbeatReader.read(ok.getBytes(StandardCharsets.UTF_8))).isEqualTo(bound(ok.getBytes(StandardCharsets.UTF_8)));
        for (String body : List.of(
                "",
                "{\"sample\": {\"at\": ",                                                    // malformed
                "{\"sample\":{\"at\":\"2026-11-23T10:00:00Z\",\"laod1\":1.0}}",              // unknown field
                "{\"sample\":{\"at\":\"2026-11-23T10:00:00Z\"},\"board\":\"pi5\"}",          // a board that is not an object
                "{\"sample\":{\"at\":\"2026-11-23T10:00:00Z\"},\"board\":{\"fann\":1}}",      // a board with an unknown field
                "{\"sample\":{\"at\":\"2026-11-23T10:00:00Z\"},\"extra\":1}",                // a field this reader does not know
                "{\"sample\":{\"at\":\"2026-11-23T10:00:00Z\",\"load1\":1,\"load1\":2}}",    // repeated
                "{\"sample\":{\"at\":1763892000}}",                                          // a number for the time
                "{\"sample\":{\"at\":\"2026-11-23T10:00:00Z\",\"load1\":\"1.5\"}}",          // a string for a number
                "{\"sample\":{\"at\":\"2026-11-23T10:00:00Z\",\"memTotalBytes\":1.5}}",      // a fraction for an integer
                "{\"sample\":{\"at\":\"2026-11-23T10:00:00Z\",\"memTotalBytes\":99999999999999999999}}",
                "{\"sample\":{\"load1\":1}}",                                                // missing time
                "{\"sample\":null}",
                "{\"sample\":{\"at\":\"2026-11-23T10:00:00Z\"}} {}",                         // trailing tokens
                "{\"sample\":{\"at\":\"2026-11-23T10:00:00Z\",\"throttled\":{\"raw\":5}}}",  // missing booleans
                "{\"sample\":{\"at\":\"2026-11-23T10:00:00Z\",\"filesystems\":[{\"mount\":\"/\"}]}}",
                "[]"))
            assertThat(HeartbeatReader.read(body.getBytes(StandardCharsets.UTF_8))).as(body).isNull();
    }
}
