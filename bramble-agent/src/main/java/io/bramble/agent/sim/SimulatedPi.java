package io.bramble.agent.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

import io.bramble.agent.collect.RevisionCode;
import io.bramble.core.wire.BoardInfo;
import io.bramble.core.wire.Filesystem;
import io.bramble.core.wire.NodeFacts;
import io.bramble.core.wire.Sample;
import io.bramble.core.wire.Throttled;

/**
 * A simulated Raspberry Pi for the demo, tests and benchmarks: plausible facts (a mix of Pi 3B+, 4B
 * and 5 with real revision codes) and figures that wander like a real node's, now and then
 * throttled or hanging. It always says {@code simulated: true}; it never passes for a real Pi.
 */
public final class SimulatedPi {
    /** The models a simulated rack mixes, with their real revision codes and SoC temperature at idle. */
    private record Model(String name, String revision, long memoryBytes, double idleCelsius, int cpus) {}

    private static final List<Model> MODELS = List.of(
            new Model("Raspberry Pi 3 Model B Plus Rev 1.3", "a020d3", 1L << 30, 48, 4),
            new Model("Raspberry Pi 4 Model B Rev 1.4", "c03114", 4L << 30, 42, 4),
            new Model("Raspberry Pi 4 Model B Rev 1.5", "d03115", 8L << 30, 41, 4),
            new Model("Raspberry Pi 5 Model B Rev 1.0", "d04170", 8L << 30, 47, 4),
            new Model("Raspberry Pi 5 Model B Rev 1.0", "c04170", 4L << 30, 46, 4));

    private final Clock clock;
    private final RandomGenerator random;
    private final Model model;
    private final String serial;
    private final String hostname;
    private final String mac;
    private final long diskTotal;
    private final Instant bootedAt;
    private final boolean weakSupply;
    private double load;
    private double temp;
    private long diskUsed;
    private long rx;
    private long tx;
    private long throttledSinceBoot;
    private Instant hangUntil = Instant.EPOCH;
    private final Duration hangEvery;

    /**
     * @param index    position in the simulated rack; picks the model and the host name
     * @param hangEvery on average how often this Pi hangs (stops heartbeating for 20-40 s); null never
     */
    public SimulatedPi(int index, String hostname, Clock clock, RandomGenerator random, Duration hangEvery) {
        this.clock = clock;
        this.random = random;
        this.model = MODELS.get(Math.floorMod(index * 7 + 3, MODELS.size()));
        byte[] b = new byte[4];
        random.nextBytes(b);
        this.serial = (model.revision().startsWith("d04") || model.revision().startsWith("c04") ? "e0b1" + HexFormat.of().formatHex(b) + "a5c3" : "10000000" + HexFormat.of().formatHex(b))
                .toLowerCase(Locale.ROOT);
        this.hostname = hostname;
        this.mac = String.format("%s:%02x:%02x:%02x", model.revision().contains("04") ? "2c:cf:67" : "dc:a6:32", b[1] & 0xff, b[2] & 0xff, b[3] & 0xff);
        this.diskTotal = (random.nextBoolean() ? 32L : 64L) * 1_000_000_000L;
        this.diskUsed = (long) (diskTotal * (0.15 + 0.5 * random.nextDouble()));
        this.bootedAt = clock.instant().minusSeconds(3600 + random.nextInt(40 * 86400));
        this.weakSupply = model.revision().equals("a020d3") && random.nextInt(3) == 0;
        this.load = 0.2 + random.nextDouble() * 1.5;
        this.temp = model.idleCelsius();
        this.hangEvery = hangEvery;
    }

    public NodeFacts facts() {
        BoardInfo board = RevisionCode.decode(model.revision());
        return new NodeFacts(serial, List.of(mac), hostname, model.name(), model.revision(), board, model.memoryBytes(),
                "Raspberry Pi OS (simulated)", "6.6.51+rpt-rpi-v8", "aarch64", "simulated", true);
    }

    /** The next sample; blocks for a while when this Pi is hanging, as a wedged Pi would not answer. */
    public Sample sample() {
        Instant now = clock.instant();
        if (hangEvery != null && now.isAfter(hangUntil) && random.nextDouble() < 5.0 / Math.max(5, hangEvery.toSeconds())) {
            hangUntil = now.plusSeconds(20 + random.nextInt(21));
        }
        if (now.isBefore(hangUntil)) {
            try {
                Thread.sleep(Duration.between(now, hangUntil));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            now = clock.instant();
        }
        // load wanders, with now and then a burst of work
        load = Math.max(0.01, load + random.nextGaussian() * 0.15 + (random.nextInt(40) == 0 ? 2.0 : 0) - (load - 0.8) * 0.08);
        double cpu = Math.min(100, 100 * load / model.cpus() * (0.8 + 0.4 * random.nextDouble()));
        double target = model.idleCelsius() + load * 9;
        temp += (target - temp) * 0.3 + random.nextGaussian() * 0.4;
        long memAvail = (long) (model.memoryBytes() * Math.max(0.05, 0.75 - load * 0.08 + random.nextGaussian() * 0.02));
        diskUsed = Math.min(diskTotal, diskUsed + random.nextInt(200_000));
        rx += 20_000 + random.nextInt(400_000);
        tx += 10_000 + random.nextInt(200_000);
        long bits = 0;
        if (weakSupply && load > 1.2) bits |= 0x1 | 0x4;
        if (temp >= 80) bits |= 0x8 | 0x2;
        throttledSinceBoot |= bits << 16;
        double uptime = Duration.between(bootedAt, now).toMillis() / 1000.0;
        return new Sample(now, round(load), round(load * 0.9), round(load * 0.8), round(cpu), model.memoryBytes(), memAvail,
                diskTotal, diskUsed, List.of(new Filesystem("/", "/dev/mmcblk0p2", "ext4", diskTotal, diskUsed)), rx, tx, uptime,
                Math.round(temp * 10) / 10.0, Throttled.fromBits(bits | throttledSinceBoot));
    }

    public String serial() {
        return serial;
    }

    public String hostname() {
        return hostname;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
