package io.bramble.app;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.bramble.agent.Agent;
import io.bramble.agent.AgentConfig;
import io.bramble.agent.sim.SimulatedPi;
import io.bramble.core.config.ConfigLoader;

/**
 * N simulated Pis, each a real {@link Agent} speaking the real protocol to a center, with facts and
 * figures from a {@link SimulatedPi}. Used by {@code bramble demo}, {@code bramble simulate} and benchmarks.
 */
public final class SimulatedFleet implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SimulatedFleet.class);
    private final List<Agent> agents = new ArrayList<>();
    private final List<SimulatedPi> pis = new ArrayList<>();
    private final List<AgentConfig> configs = new ArrayList<>();
    private final List<SplittableRandom> randoms = new ArrayList<>();
    private Clock clock;

    private SimulatedFleet() {}

    /** Name of the i-th simulated Pi (0-based): node01, node02, ... */
    public static String name(int i) {
        return String.format("node%02d", i + 1);
    }

    /**
     * Starts {@code count} simulated agents enrolling with {@code joinToken} (which must allow that many
     * uses unless their credentials are already under {@code dataDir}).
     */
    public static SimulatedFleet start(String centerUrl, String joinToken, Path dataDir, int count, Duration interval,
                                       Duration hangEvery, Clock clock, long seed) throws IOException {
        SimulatedFleet fleet = new SimulatedFleet();
        fleet.clock = clock;
        SplittableRandom seeds = new SplittableRandom(seed);
        try {
            for (int i = 0; i < count; i++) {
                String name = name(i);
                SplittableRandom random = seeds.split();
                SimulatedPi pi = new SimulatedPi(i, name, clock, random, hangEvery);
                AgentConfig cfg = ConfigLoader.parse("(simulated " + name + ")", "name: " + name + "\n"
                                + "heartbeat:\n  interval: " + interval.toMillis() + "ms\n"
                                + "events:\n  maxQueued: 1000\n", AgentConfig.class)
                        .withOverrides(centerUrl, joinToken, dataDir.resolve(name).toString());
                Agent agent = new Agent(cfg, clock, pi::facts, pi::sample, random);
                agent.start();
                fleet.agents.add(agent);
                fleet.pis.add(pi);
                fleet.configs.add(cfg);
                fleet.randoms.add(random);
            }
        } catch (IOException | RuntimeException e) {
            fleet.close();
            throw e;
        }
        log.info("{} simulated Pis started against {}", count, centerUrl);
        return fleet;
    }

    /**
     * Takes the power from the i-th simulated Pi: its agent stops, so its heartbeats stop as a real
     * Pi's would. A simulated outlet calls this when it is switched off.
     */
    public synchronized void powerOff(int i) {
        Agent a = agents.get(i);
        if (a == null) return;
        agents.set(i, null);
        a.close();
        log.info("simulated Pi {} powered off", name(i));
    }

    /** Gives the i-th simulated Pi its power back: a fresh agent boots with the credential it enrolled with. */
    public synchronized void powerOn(int i) throws IOException {
        if (agents.get(i) != null) return;
        SimulatedPi pi = pis.get(i);
        Agent agent = new Agent(configs.get(i), clock, pi::facts, pi::sample, randoms.get(i).split());
        agent.start();
        agents.set(i, agent);
        log.info("simulated Pi {} powered on", name(i));
    }

    public List<SimulatedPi> pis() {
        return List.copyOf(pis);
    }

    /** The running agents (a powered-off Pi has none). */
    public synchronized List<Agent> agents() {
        return agents.stream().filter(java.util.Objects::nonNull).toList();
    }

    @Override
    public synchronized void close() {
        for (Agent a : agents) {
            if (a == null) continue;
            try {
                a.close();
            } catch (RuntimeException e) {
                log.warn("closing a simulated agent: {}", e.toString());
            }
        }
        agents.clear();
    }
}
