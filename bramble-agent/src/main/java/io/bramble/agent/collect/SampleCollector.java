package io.bramble.agent.collect;

import io.bramble.core.wire.Sample;
import io.bramble.core.wire.Throttled;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/** Takes one {@link Sample} from all the collectors; a signal the machine lacks stays null. */
public final class SampleCollector implements Supplier<Sample> {
    private final Clock clock;
    private final LoadAverage load;
    private final CpuUsage cpu;
    private final Memory memory;
    private final Filesystems filesystems;
    private final Network network;
    private final Uptime uptime;
    private final Thermal thermal;
    private final Throttling throttling;
    private final PmicPower power;

    public SampleCollector(Clock clock, LoadAverage load, CpuUsage cpu, Memory memory, Filesystems filesystems,
                           Network network, Uptime uptime, Thermal thermal, Throttling throttling) {
        this(clock, load, cpu, memory, filesystems, network, uptime, thermal, throttling, null);
    }

    /** {@code power} may be null where the board's draw is not read. */
    public SampleCollector(Clock clock, LoadAverage load, CpuUsage cpu, Memory memory, Filesystems filesystems,
                           Network network, Uptime uptime, Thermal thermal, Throttling throttling, PmicPower power) {
        this.clock = clock;
        this.load = load;
        this.cpu = cpu;
        this.memory = memory;
        this.filesystems = filesystems;
        this.network = network;
        this.uptime = uptime;
        this.thermal = thermal;
        this.throttling = throttling;
        this.power = power;
    }

    /** Every collector reading below {@code root} ("/" on a real node), vcgencmd run by {@code runner}. */
    public static SampleCollector forRoot(Path root, Clock clock, CommandRunner runner) {
        return new SampleCollector(clock, new LoadAverage(root), new CpuUsage(root), new Memory(root), new Filesystems(root),
                new Network(root), new Uptime(root), new Thermal(root), new Throttling(runner), new PmicPower(runner));
    }

    /** Takes a sample now. CPU percent is null on the very first sample (it needs two reads). */
    public Sample collect() {
        var l = load.read();
        Double cpuPercent = cpu.read();
        var m = memory.read();
        var fs = filesystems.read();
        var net = network.read();
        Throttled t = throttling.read();
        return new Sample(clock.instant(),
                l == null ? null : l.load1(), l == null ? null : l.load5(), l == null ? null : l.load15(),
                cpuPercent,
                m == null ? null : m.totalBytes(), m == null ? null : m.availableBytes(),
                fs == null ? null : fs.totalBytes(), fs == null ? null : fs.usedBytes(),
                fs == null ? List.of() : fs.filesystems(),
                net == null ? null : net.rxBytes(), net == null ? null : net.txBytes(),
                uptime.read(), thermal.read(), t, power == null ? null : power.read());
    }

    @Override
    public Sample get() {
        return collect();
    }
}
