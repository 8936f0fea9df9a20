package io.bramble.app;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.bramble.agent.Agent;
import io.bramble.agent.AgentConfig;
import io.bramble.center.Center;
import io.bramble.center.auth.Principal;
import io.bramble.center.auth.Role;
import io.bramble.center.nodes.Location;
import io.bramble.center.nodes.NodeRegistry;
import io.bramble.core.config.ConfigLoader;

/**
 * The demo's agents: the real agent of this machine, reporting its real figures, and simulated
 * Pis placed in the rack row by row. Both talk to the center over HTTP like agents on real Pis.
 */
public final class DemoAgents implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DemoAgents.class);
    private static final Principal DEMO = new Principal(Principal.Kind.USER, "demo", Role.ADMIN, null, null);
    private final Agent local;
    private final SimulatedFleet fleet;

    private DemoAgents(Agent local, SimulatedFleet fleet) {
        this.local = local;
        this.fleet = fleet;
    }

    static DemoAgents start(Center center, Path dataDir, Clock clock, int simulated) throws Exception {
        String join = center.auth().createJoinToken("demo", "demo agents", simulated + 1, Duration.ofHours(1)).token();
        AgentConfig cfg = ConfigLoader.defaults(AgentConfig.class)
                .withOverrides(center.url(), join, dataDir.resolve("agent").toString());
        Agent local = Agent.forThisMachine(cfg, clock);
        local.start();
        SimulatedFleet fleet = null;
        try {
            if (simulated > 0) {
                fleet = SimulatedFleet.start(center.url(), join, dataDir.resolve("simulated"), simulated,
                        center.config().heartbeat().interval(), Duration.ofMinutes(30), clock, 2013);
                place(center.nodes(), simulated, center.config().rack().racks().getFirst());
                wireOutlets(center, fleet, simulated);
            }
        } catch (Exception e) {
            local.close();
            throw e;
        }
        return new DemoAgents(local, fleet);
    }

    /** Lets the demo's simulated outlets stop and restart the simulated Pis they feed, so `bramble power off` shows them off. */
    private static void wireOutlets(Center center, SimulatedFleet fleet, int count) {
        for (int i = 0; i < count; i++) {
            int index = i;
            center.power().outlet(SimulatedFleet.name(i)).ifPresent(o -> {
                if (!(o.power() instanceof io.bramble.center.power.SimulatedOutlet outlet)) return;
                outlet.attach(new io.bramble.center.power.SimulatedOutlet.Device() {
                    @Override
                    public void powerOff() {
                        fleet.powerOff(index);
                    }

                    @Override
                    public void powerOn() {
                        try {
                            fleet.powerOn(index);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException("simulated Pi " + SimulatedFleet.name(index) + " did not boot: " + e.getMessage(), e);
                        }
                    }
                });
            });
        }
    }

    /** Puts node01.. into rack slots row by row once they have enrolled (only nodes not placed yet). */
    private static void place(NodeRegistry nodes, int count, io.bramble.center.config.CenterConfig.RackSpec rack) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<String> pending = new ArrayList<>();
        for (int i = 0; i < Math.min(count, rack.rows() * rack.slots()); i++) pending.add(SimulatedFleet.name(i));
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            for (var it = pending.iterator(); it.hasNext(); ) {
                String name = it.next();
                var node = nodes.byName(name);
                if (node.isEmpty()) continue;
                if (!node.get().location().placed()) {
                    int i = Integer.parseInt(name.substring(4)) - 1;
                    nodes.edit(name, new NodeRegistry.Edit(null, List.of(), null,
                            new Location(rack.name(), i / rack.slots() + 1, i % rack.slots() + 1)), DEMO);
                }
                it.remove();
            }
            if (!pending.isEmpty()) Thread.sleep(100);
        }
        if (!pending.isEmpty()) log.warn("simulated Pis not enrolled in time, left unplaced: {}", pending);
    }

    /**
     * Puts every simulated Pi on a diskless demo profile (NFS root on 127.0.0.1, no boot-file set), so the demo's TFTP
     * server has a generated config.txt and cmdline.txt for each under its serial.
     */
    static void bootDiskless(Center center) {
        var boot = center.boot();
        if (boot.profile("demo-diskless").isEmpty())
            boot.putProfile(new io.bramble.center.boot.BootProfile("demo-diskless", null, "{name}", null,
                    io.bramble.center.boot.BootProfile.Mode.DISKLESS, null, "nfs:127.0.0.1:/srv/bramble/roots/{name}"), true, "demo");
        for (var n : center.nodes().list()) {
            if (!n.simulated() || n.lifecycle() == io.bramble.center.nodes.Lifecycle.DISKLESS) continue;
            boot.assign(n.name(), "demo-diskless", DEMO);
        }
    }

    public Agent local() {
        return local;
    }

    /** The simulated Pis, or null when the demo has none. */
    public SimulatedFleet fleet() {
        return fleet;
    }

    @Override
    public void close() {
        if (fleet != null) fleet.close();
        local.close();
    }
}
