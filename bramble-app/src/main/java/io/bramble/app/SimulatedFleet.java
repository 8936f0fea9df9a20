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
import io.bramble.agent.board.SimulatedBoard;
import io.bramble.agent.command.BoardCommands;
import io.bramble.agent.sim.SimulatedPi;
import io.bramble.core.config.ConfigLoader;

/**
 * N simulated Pis, each a real {@link Agent} speaking the real protocol to a center, with facts and
 * figures from a {@link SimulatedPi}. Used by {@code bramble demo}, {@code bramble simulate} and benchmarks.
 */
public final class SimulatedFleet implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SimulatedFleet.class);
    private static final Duration REBOOT_PAUSE = Duration.ofSeconds(3);
    private final List<Agent> agents = new ArrayList<>();
    private final List<SimulatedPi> pis = new ArrayList<>();
    private final List<AgentConfig> configs = new ArrayList<>();
    private final List<SplittableRandom> randoms = new ArrayList<>();
    private Clock clock;
    private final java.util.Set<Integer> rebooting = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private boolean closed;

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
                Agent agent = fleet.agent(i, cfg, pi, random);
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
    public void powerOff(int i) {
        rebooting.remove(i); // switched off during a reboot: it stays off
        stop(i);
    }

    private synchronized void stop(int i) {
        if (closed || i >= agents.size()) return;
        Agent a = agents.get(i);
        if (a == null) return;
        agents.set(i, null);
        a.close();
        log.info("simulated Pi {} powered off", name(i));
    }

    /** Gives the i-th simulated Pi its power back: a fresh agent boots with the credential it enrolled with. */
    public synchronized void powerOn(int i) throws IOException {
        if (closed || i >= agents.size() || agents.get(i) != null) return;
        Agent agent = agent(i, configs.get(i), pis.get(i), randoms.get(i).split());
        agent.start();
        agents.set(i, agent);
        log.info("simulated Pi {} powered on", name(i));
    }

    /**
     * The agent of the i-th simulated Pi, with a simulated board (button, LEDs, fan: labelled simulated) and a simulated
     * reboot: its agent stops and starts again a few seconds later, as after a real one.
     */
    private Agent agent(int i, AgentConfig cfg, SimulatedPi pi, java.util.random.RandomGenerator random) {
        BoardCommands.Reboot reboot = new BoardCommands.Reboot() {
            @Override
            public String check() {
                return "simulated reboot: the agent stops and starts again in " + REBOOT_PAUSE.toSeconds() + " s";
            }

            @Override
            public void run() {
                // not on the agent's own thread: stopping the agent waits for that thread
                Thread.ofVirtual().name("simulated-reboot-" + name(i)).start(() -> {
                    rebooting.add(i);
                    stop(i);
                    try {
                        Thread.sleep(REBOOT_PAUSE);
                        if (rebooting.remove(i)) powerOn(i);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (IOException e) {
                        log.error("simulated Pi {} did not come back after its reboot: {}", name(i), e.getMessage());
                    }
                });
            }
        };
        return new Agent(cfg, clock, pi::facts, pi::sample, random, new SimulatedBoard(), reboot);
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
        closed = true;
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
