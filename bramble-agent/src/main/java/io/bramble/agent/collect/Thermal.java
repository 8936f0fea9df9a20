package io.bramble.agent.collect;

import java.nio.file.Path;
import java.util.List;

/**
 * SoC temperature in °C: the thermal zone whose type names the CPU/SoC ({@code cpu-thermal} on a
 * Pi), else any thermal zone, else a hwmon sensor ({@code temp*_input}). Values are millidegrees.
 */
public final class Thermal {
    /** Thermal zone types in order of preference; the Pi's firmware zone is {@code cpu-thermal}. */
    private static final List<String> PREFERRED_ZONES = List.of("cpu-thermal", "cpu_thermal", "soc-thermal", "soc_thermal", "soc", "x86_pkg_temp");
    private static final List<String> PREFERRED_HWMON = List.of("cpu_thermal", "coretemp", "k10temp", "zenpower", "soc_thermal");

    private final Path thermalDir;
    private final Path hwmonDir;

    public Thermal(Path root) {
        this.thermalDir = SysFiles.under(root, "/sys/class/thermal");
        this.hwmonDir = SysFiles.under(root, "/sys/class/hwmon");
    }

    /** The temperature in °C, or null when the machine exposes no sensor. */
    public Double read() {
        Double best = null;
        int bestRank = Integer.MAX_VALUE;
        for (Path zone : SysFiles.list(thermalDir, "thermal_zone")) {
            Double t = celsius(zone.resolve("temp"));
            if (t == null) continue;
            String type = SysFiles.firstLine(zone.resolve("type"));
            int rank = type == null ? PREFERRED_ZONES.size() : indexOrEnd(PREFERRED_ZONES, type);
            if (rank < bestRank) {
                best = t;
                bestRank = rank;
            }
        }
        if (best != null) return best;
        for (Path hw : SysFiles.list(hwmonDir, "hwmon")) {
            String name = SysFiles.firstLine(hw.resolve("name"));
            int rank = name == null ? PREFERRED_HWMON.size() : indexOrEnd(PREFERRED_HWMON, name);
            if (rank >= bestRank) continue;
            for (Path input : SysFiles.list(hw, "temp")) {
                if (!input.getFileName().toString().endsWith("_input")) continue;
                Double t = celsius(input);
                if (t != null) {
                    best = t;
                    bestRank = rank;
                    break;
                }
            }
        }
        return best;
    }

    private static int indexOrEnd(List<String> list, String value) {
        int i = list.indexOf(value);
        return i < 0 ? list.size() : i;
    }

    /** Millidegrees to °C; readings outside -60..200 °C are sensor errors, not temperatures. */
    private static Double celsius(Path file) {
        Long milli = SysFiles.parseLong(SysFiles.firstLine(file));
        if (milli == null) return null;
        double c = milli / 1000.0;
        return c < -60 || c > 200 ? null : c;
    }
}
