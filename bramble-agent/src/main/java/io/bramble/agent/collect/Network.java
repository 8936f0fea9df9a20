package io.bramble.agent.collect;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Bytes received and sent, summed over the machine's interfaces, from {@code /proc/net/dev}.
 * Loopback is left out, and so are container bridges and veth pairs (docker0, br-*, veth*, cni*,
 * flannel*, ...): their traffic also crosses the physical interface and would be counted twice.
 */
public final class Network {
    /** Counters since boot, in bytes. */
    public record Reading(long rxBytes, long txBytes) {}

    private static final Pattern SKIPPED = Pattern.compile(
            "lo|veth.*|docker.*|br-.*|virbr.*|cni.*|flannel.*|cali.*|vxlan.*|kube-.*|cilium.*|lxc.*|tunl.*|ifb.*");

    private final Path file;

    public Network(Path root) {
        this.file = SysFiles.under(root, "/proc/net/dev");
    }

    /** Summed counters, or null when the file is missing or lists no counted interface. */
    public Reading read() {
        String text = SysFiles.read(file);
        if (text == null) return null;
        long rx = 0, tx = 0;
        int counted = 0;
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) continue; // the two header lines have '|' but no ':'
            String name = line.substring(0, colon).strip();
            if (name.isEmpty() || SKIPPED.matcher(name).matches()) continue;
            String[] f = line.substring(colon + 1).strip().split("\\s+");
            if (f.length < 9) continue;
            Long r = SysFiles.parseLong(f[0]), t = SysFiles.parseLong(f[8]);
            if (r == null || t == null) continue;
            rx += r;
            tx += t;
            counted++;
        }
        return counted == 0 ? null : new Reading(rx, tx);
    }
}
