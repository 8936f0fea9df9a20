package io.bramble.agent;

import io.bramble.agent.collect.BoardIdentity;
import io.bramble.agent.board.Board;
import io.bramble.agent.board.Boards;
import io.bramble.agent.command.BoardCommands;
import io.bramble.agent.command.CommandHandler;
import io.bramble.agent.command.SystemReboot;
import io.bramble.agent.command.ExecutedCommands;
import io.bramble.agent.collect.ProcessCommandRunner;
import io.bramble.agent.collect.SampleCollector;
import io.bramble.agent.event.EventQueue;
import io.bramble.agent.link.Backoff;
import io.bramble.agent.link.CenterClient;
import io.bramble.agent.link.CenterException;
import io.bramble.agent.link.CenterTls;
import io.bramble.agent.link.Credential;
import io.bramble.agent.link.CredentialStore;
import io.bramble.agent.link.EventAck;
import io.bramble.agent.link.HttpClient11;
import io.bramble.core.config.Durations;
import io.bramble.core.wire.AgentCommand;
import io.bramble.core.wire.AgentEvent;
import io.bramble.core.wire.CommandBatch;
import io.bramble.core.wire.CommandResult;
import io.bramble.core.wire.DesiredState;
import io.bramble.core.wire.EnrollRequest;
import io.bramble.core.wire.EnrollResponse;
import io.bramble.core.wire.EventBatch;
import io.bramble.core.wire.Heartbeat;
import io.bramble.core.wire.NodeFacts;
import io.bramble.core.wire.Sample;
import io.bramble.core.wire.Throttled;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Bramble agent on one node: enrolls with the center once (then reuses its saved credential),
 * heartbeats a metrics sample every interval and hands the center's desired state to listeners, and
 * delivers its on-disk event queue in order. It only ever connects out to the center, and keeps
 * retrying with jittered backoff while the center is away. Runs on two virtual threads.
 */
public final class Agent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Agent.class);
    private static final int EVENT_BATCH = 500;
    private static final Duration MAX_INTERVAL = Duration.ofHours(1);

    private final AgentConfig config;
    private final Clock clock;
    private final Supplier<NodeFacts> facts;
    private final Supplier<Sample> sampler;
    private final CenterClient center;
    private final CredentialStore credentials;
    private final Backoff linkBackoff;
    private final Backoff eventBackoff;
    private final Backoff commandBackoff;
    private final CommandHandler handler;
    private final Board board;
    private final List<Consumer<DesiredState>> listeners = new CopyOnWriteArrayList<>();

    private volatile boolean running;
    private volatile Credential credential;
    private volatile DesiredState desired;
    private volatile Duration interval;
    private volatile Sample latest;
    private volatile boolean centerDown;
    private volatile EventQueue events;
    private FileChannel lockChannel;
    private FileLock dataDirLock;
    private volatile Thread linkThread;
    private volatile Thread eventThread;
    private volatile Thread commandThread;
    private volatile ExecutedCommands executed;
    private boolean wasThrottled;
    private boolean warnedNoToken;

    /**
     * An agent for the center in {@code config.center.url}.
     *
     * @param facts   the machine's identity, read at each enrollment ({@link BoardIdentity#read} on a real node)
     * @param sampler one metrics sample per call ({@link SampleCollector} on a real node)
     * @param random  jitter for retry delays; seed it in tests
     */
    public Agent(AgentConfig config, Clock clock, Supplier<NodeFacts> facts, Supplier<Sample> sampler, RandomGenerator random) {
        this(config, clock, facts, sampler, random, NO_COMMANDS);
    }

    /** Without a board or a way to reboot: every command is refused, with the reason. */
    private static final CommandHandler NO_COMMANDS = c -> CommandHandler.Outcome.failed("this agent was started without a board or "
            + "command handler, so it cannot run " + c.type());

    /**
     * An agent that runs the center's commands with {@code handler}.
     *
     * @param handler runs locate, LED, fan and reboot commands (see {@link io.bramble.agent.command.BoardCommands})
     */
    public Agent(AgentConfig config, Clock clock, Supplier<NodeFacts> facts, Supplier<Sample> sampler, RandomGenerator random,
                 CommandHandler handler) {
        this(config, clock, facts, sampler, random, null, handler);
    }

    /**
     * An agent for a node with a board: its button presses become {@code locate.pressed} events, its status LEDs
     * follow the center's desired state, its fan the temperature, its state goes with every heartbeat, and the
     * center's commands run on it. The agent closes the board when it stops.
     */
    public Agent(AgentConfig config, Clock clock, Supplier<NodeFacts> facts, Supplier<Sample> sampler, RandomGenerator random,
                 Board board, BoardCommands.Reboot reboot) {
        this(config, clock, facts, sampler, random, board, new BoardCommands(board, reboot));
    }

    private Agent(AgentConfig config, Clock clock, Supplier<NodeFacts> facts, Supplier<Sample> sampler, RandomGenerator random,
                  Board board, CommandHandler handler) {
        this.config = Objects.requireNonNull(config, "config");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.board = board;
        if (config.center().url() == null)
            throw new IllegalArgumentException("center.url is not set: put the center's address in agent.yaml (center: {url: http://center:8080}) or pass --center");
        this.clock = clock;
        this.facts = facts;
        this.sampler = sampler;
        AgentConfig.Center c = config.center();
        HttpClient11 http = new HttpClient11(URI.create(c.url()),
                c.https() ? CenterTls.socketFactory(c.fingerprint()) : null, c.fingerprint() == null,
                c.timeout(), c.timeout(), "bramble-agent/" + AgentVersion.get());
        this.center = new CenterClient(http);
        this.credentials = new CredentialStore(config.dataPath());
        this.linkBackoff = new Backoff(c.backoff().initial(), c.backoff().max(), random);
        this.eventBackoff = new Backoff(c.backoff().initial(), c.backoff().max(), random);
        this.commandBackoff = new Backoff(c.backoff().initial(), c.backoff().max(), random);
        this.interval = config.heartbeat().interval();
    }

    /** An agent reading this machine's /proc and /sys (below {@code collect.root}) and running vcgencmd. */
    public static Agent forThisMachine(AgentConfig config, Clock clock) {
        var root = config.collect().rootPath();
        BoardIdentity identity = new BoardIdentity(root, AgentVersion.get());
        SampleCollector collector = SampleCollector.forRoot(root, clock, new ProcessCommandRunner());
        Board board = Boards.open(config.board(), root, clock);
        return new Agent(config, clock, identity::read, collector, new Random(), board, new SystemReboot(config.commands().reboot()));
    }

    /**
     * Opens the data directory (credential, event queue), records {@code agent.started} and starts the
     * heartbeat and event loops. Fails when the data directory cannot be used or another agent holds it.
     */
    public synchronized void start() throws IOException {
        if (running) throw new IllegalStateException("agent already started");
        lockDataDir();
        try {
            events = new EventQueue(config.dataPath(), config.events().maxQueued(), clock);
            credential = credentials.load().filter(this::forThisCenter).orElse(null);
            if (credential != null)
                log.info("agent {} starting as node {} ({}) for center {}", AgentVersion.get(), credential.name(), credential.nodeId(), config.center().url());
            else
                log.info("agent {} starting; not enrolled with center {} yet", AgentVersion.get(), config.center().url());
            executed = new ExecutedCommands(config.dataPath(), config.commands().keep(), clock);
            events.append("agent.started", Map.of("version", AgentVersion.get()));
        } catch (IOException | RuntimeException e) {
            if (events != null) events.close();
            events = null;
            if (executed != null) executed.close();
            executed = null;
            releaseDataDir();
            throw e;
        }
        if (board != null) board.onButtonPress(this::pressed);
        running = true;
        linkThread = Thread.ofVirtual().name("bramble-agent-link").start(this::linkLoop);
        eventThread = Thread.ofVirtual().name("bramble-agent-events").start(this::eventLoop);
        commandThread = Thread.ofVirtual().name("bramble-agent-commands").start(this::commandLoop);
    }

    private boolean forThisCenter(Credential c) {
        if (c.centerUrl().equals(config.center().url())) return true;
        log.warn("{} belongs to center {}, but center.url is now {}; enrolling with the new center",
                credentials.file(), c.centerUrl(), config.center().url());
        return false;
    }

    /** The locate button: queued on disk at once, so a press while the center is away still arrives. */
    private void pressed() {
        try {
            recordEvent("locate.pressed", Map.of());
            log.info("locate button pressed");
        } catch (IOException | IllegalStateException e) {
            log.error("locate button pressed, but the event could not be queued in {}: {}", config.dataPath(), e.getMessage());
        }
    }

    /** The board this agent drives, or null. */
    public Board board() {
        return board;
    }

    /** Called with the center's desired state whenever it changes (LED pattern, locate, fan policy). */
    public void onDesiredState(Consumer<DesiredState> listener) {
        listeners.add(listener);
        DesiredState d = desired;
        if (d != null) listener.accept(d);
    }

    /** The latest desired state from the center, or null before the first heartbeat reply. */
    public DesiredState desiredState() {
        return desired;
    }

    /** Queues an event for the center (e.g. {@code locate.pressed}); it is on disk when this returns. */
    public AgentEvent recordEvent(String type, Map<String, String> detail) throws IOException {
        EventQueue q = events;
        if (q == null) throw new IllegalStateException("agent not started");
        return q.append(type, detail);
    }

    /** The node id from enrollment, or null while not enrolled. */
    public String nodeId() {
        Credential c = credential;
        return c == null ? null : c.nodeId();
    }

    /** The node name the center gave, or null while not enrolled. */
    public String nodeName() {
        Credential c = credential;
        return c == null ? null : c.name();
    }

    /** The heartbeat interval in force (the center may have changed it). */
    public Duration heartbeatInterval() {
        return interval;
    }

    /** The last sample taken, or null before the first. */
    public Sample latestSample() {
        return latest;
    }

    /** Events waiting on disk for the center. */
    public int queuedEvents() {
        EventQueue q = events;
        return q == null ? 0 : q.size();
    }

    // ---- heartbeat loop ----

    private void linkLoop() {
        long nextBeat = System.nanoTime();
        while (running) {
            try {
                Credential c = credential;
                if (c == null) {
                    if (enroll() != null) nextBeat = System.nanoTime();
                    continue;
                }
                Sample s = sample();
                DesiredState d;
                try {
                    d = center.heartbeat(c.credential(), new Heartbeat(s, board == null ? null : board.state()));
                } catch (CenterException e) {
                    if (e.status() == 401) {
                        forget(c, e);
                    } else {
                        Duration wait = linkBackoff.next();
                        log.warn("center {} refused the heartbeat of node {}: {}; retrying in {}", config.center().url(), c.name(), e.getMessage(), fmt(wait));
                        pause(wait);
                    }
                    continue;
                } catch (IOException e) {
                    unreachable("heartbeat", e, linkBackoff);
                    continue;
                }
                reachable(linkBackoff);
                apply(d);
                long now = System.nanoTime();
                nextBeat += interval.toNanos();
                if (nextBeat < now) nextBeat = now + interval.toNanos(); // we fell behind: don't burst to catch up
                sleepNanos(nextBeat - now);
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException e) {
                if (!running) break;
                Duration wait = linkBackoff.next();
                log.error("agent heartbeat loop failed; retrying in {}", fmt(wait), e);
                try {
                    pause(wait);
                } catch (InterruptedException ie) {
                    break;
                }
            }
        }
    }

    /** Enrolls with the join token; returns the credential, or null after waiting out a failure. */
    private Credential enroll() throws InterruptedException {
        String token = config.center().joinToken();
        if (token == null) {
            if (!warnedNoToken) {
                log.error("not enrolled with center {} and no join token is configured: create one on the center and set "
                        + "center.joinToken in agent.yaml (or pass --join-token); waiting", config.center().url());
                warnedNoToken = true;
            }
            pause(linkBackoff.slow());
            return null;
        }
        NodeFacts f = facts.get();
        EnrollResponse r;
        try {
            r = center.enroll(new EnrollRequest(token, f, config.name()));
        } catch (CenterException e) {
            Duration wait = e.isClientError() ? linkBackoff.slow() : linkBackoff.next();
            if (e.status() == 401 || "bad_join_token".equals(e.code()))
                log.error("center {} refused the join token (wrong, used up or expired: {}). Create a new join token on the center "
                        + "and set center.joinToken in agent.yaml; trying again in {}", config.center().url(), e.getMessage(), fmt(wait));
            else
                log.error("center {} refused to enroll this machine (serial {}): {}; trying again in {}",
                        config.center().url(), f.serial(), e.getMessage(), fmt(wait));
            pause(wait);
            return null;
        } catch (IOException e) {
            unreachable("enrollment", e, linkBackoff);
            return null;
        }
        reachable(linkBackoff);
        Credential c = new Credential(r.nodeId(), r.name(), r.credential(), config.center().url());
        try {
            credentials.save(c);
        } catch (IOException e) {
            log.error("enrolled as node {} but could not save the credential to {} ({}); the agent keeps running, "
                    + "but after a restart it must enroll again. Check that the agent can write its dataDir", r.name(), credentials.file(), e.getMessage());
        }
        credential = c;
        warnedNoToken = false;
        setInterval(r.heartbeatSeconds());
        log.info("enrolled with center {} as node {} ({})", config.center().url(), r.name(), r.nodeId());
        return c;
    }

    /** The center no longer knows the credential (revoked, or the node was deleted): forget it and enroll again. */
    private void forget(Credential c, CenterException e) {
        log.warn("center {} refused the credential of node {} ({}): {}. Forgetting it and enrolling again{}",
                config.center().url(), c.name(), c.nodeId(), e.getMessage(),
                config.center().joinToken() == null ? " (needs center.joinToken)" : "");
        credential = null;
        try {
            credentials.delete();
        } catch (IOException ex) {
            log.error("could not delete {}: {}", credentials.file(), ex.getMessage());
        }
    }

    private void apply(DesiredState d) {
        setInterval(d.heartbeatSeconds());
        if (board != null) {
            try {
                board.showHealth(d.health(), latest, d.located());
            } catch (RuntimeException e) {
                log.warn("status LEDs: {}", e.toString());
            }
        }
        if (d.equals(desired)) return;
        desired = d;
        for (Consumer<DesiredState> l : listeners) {
            try {
                l.accept(d);
            } catch (RuntimeException e) {
                log.error("desired-state listener {} failed", l, e);
            }
        }
    }

    private void setInterval(int seconds) {
        if (seconds <= 0) return;
        Duration d = Duration.ofSeconds(Math.min(seconds, MAX_INTERVAL.toSeconds()));
        if (!d.equals(interval)) {
            log.info("heartbeat interval is now {} (set by the center)", fmt(d));
            interval = d;
        }
    }

    /** Takes a sample and turns changes in the firmware's throttling flags into events. */
    private Sample sample() {
        Sample s = sampler.get();
        latest = s;
        if (board != null) {
            try {
                board.onTemperature(s.tempCelsius());
            } catch (RuntimeException e) {
                log.warn("fan: {}", e.toString());
            }
        }
        Throttled t = s.throttled();
        if (t != null) {
            boolean now = t.anyNow();
            if (now != wasThrottled) {
                Map<String, String> detail = new LinkedHashMap<>();
                detail.put("raw", "0x" + Long.toHexString(t.raw()));
                detail.put("underVoltage", Boolean.toString(t.underVoltage()));
                detail.put("freqCapped", Boolean.toString(t.freqCapped()));
                detail.put("throttled", Boolean.toString(t.throttled()));
                detail.put("softTempLimit", Boolean.toString(t.softTempLimit()));
                try {
                    events.append(now ? "throttling.started" : "throttling.stopped", detail);
                } catch (IOException e) {
                    log.error("could not queue a throttling event in {}: {}", config.dataPath(), e.getMessage());
                }
                wasThrottled = now;
            }
        }
        return s;
    }

    // ---- event loop ----

    private void eventLoop() {
        while (running) {
            try {
                if (!events.awaitNonEmpty(Duration.ofSeconds(1))) continue;
                Credential c = credential;
                if (c == null) {
                    sleepNanos(TimeUnit.MILLISECONDS.toNanos(200)); // not enrolled yet: the link loop is on it
                    continue;
                }
                List<AgentEvent> batch = events.peek(EVENT_BATCH);
                EventAck ack;
                try {
                    ack = center.sendEvents(c.credential(), new EventBatch(batch));
                } catch (CenterException e) {
                    Duration wait = eventBackoff.next();
                    if (e.status() != 401) // a 401 is handled by the heartbeat loop, which enrolls again
                        log.error("center {} refused events {}-{}: {}; retrying in {}", config.center().url(),
                                batch.getFirst().seq(), batch.getLast().seq(), e.getMessage(), fmt(wait));
                    pause(wait);
                    continue;
                } catch (IOException e) {
                    Duration wait = eventBackoff.next();
                    log.debug("could not deliver events to {}: {}; retrying in {}", config.center().url(), e.getMessage(), fmt(wait));
                    pause(wait);
                    continue;
                }
                if (ack.lastSeq() < batch.getFirst().seq()) {
                    Duration wait = eventBackoff.next();
                    log.warn("center {} acknowledged events up to seq {} but was sent {}-{}; retrying in {}", config.center().url(),
                            ack.lastSeq(), batch.getFirst().seq(), batch.getLast().seq(), fmt(wait));
                    pause(wait);
                    continue;
                }
                events.acknowledge(ack.lastSeq());
                eventBackoff.reset();
            } catch (InterruptedException e) {
                break;
            } catch (IOException | RuntimeException e) {
                if (!running) break;
                Duration wait = eventBackoff.next();
                log.error("agent event loop failed; retrying in {}", fmt(wait), e);
                try {
                    pause(wait);
                } catch (InterruptedException ie) {
                    break;
                }
            }
        }
    }

    // ---- command loop ----

    /** Long-polls the center for commands and runs each at most once (DESIGN.md "Protocols"). */
    private void commandLoop() {
        while (running) {
            try {
                Credential c = credential;
                if (c == null) {
                    sleepNanos(TimeUnit.MILLISECONDS.toNanos(200)); // not enrolled yet: the link loop is on it
                    continue;
                }
                CommandBatch batch;
                try {
                    batch = center.commands(c.credential(), config.commands().pollWait(), config.center().timeout());
                } catch (CenterException e) {
                    Duration wait = commandBackoff.next();
                    if (e.status() != 401) // a 401 is handled by the heartbeat loop, which enrolls again
                        log.error("center {} refused the command poll: {}; retrying in {}", config.center().url(), e.getMessage(), fmt(wait));
                    pause(wait);
                    continue;
                } catch (IOException e) {
                    Duration wait = commandBackoff.next();
                    log.debug("could not poll {} for commands: {}; retrying in {}", config.center().url(), describe(e), fmt(wait));
                    pause(wait);
                    continue;
                }
                commandBackoff.reset();
                for (AgentCommand cmd : batch.commands()) {
                    if (!running) break;
                    execute(c, cmd);
                }
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException e) {
                if (!running) break;
                Duration wait = commandBackoff.next();
                log.error("agent command loop failed; retrying in {}", fmt(wait), e);
                try {
                    pause(wait);
                } catch (InterruptedException ie) {
                    break;
                }
            }
        }
    }

    /**
     * Runs a command unless its id was run before (then only its result is sent again), records the id on disk first,
     * and reports the result. A result that does not arrive is sent again when the center delivers the command again.
     */
    private void execute(Credential c, AgentCommand cmd) throws InterruptedException {
        ExecutedCommands done = executed;
        Optional<CommandResult> before = done.result(cmd.id());
        CommandResult result;
        Runnable after = null;
        if (before.isPresent()) {
            result = before.get();
            log.info("command {} ({}) was run already; sending its result again", cmd.id(), cmd.type());
        } else {
            try {
                done.started(cmd.id(), cmd.expiresAt());
            } catch (IOException e) {
                // without the record it could run twice; better not at all (it expires at the center)
                log.error("cannot record command {} in {} ({}); not running it", cmd.id(), config.dataPath(), e.getMessage());
                return;
            }
            CommandHandler.Outcome o;
            try {
                o = handler.run(cmd);
            } catch (RuntimeException e) {
                log.error("command {} ({}) failed", cmd.id(), cmd.type(), e);
                o = CommandHandler.Outcome.failed(cmd.type() + " failed on the node: " + e);
            }
            result = new CommandResult(o.ok(), o.message());
            after = o.afterReport();
            log.info("command {} {} {}: {} {}", cmd.id(), cmd.type(), cmd.args(), o.ok() ? "done" : "failed", o.message());
            try {
                done.finished(cmd.id(), result);
            } catch (IOException e) {
                log.error("cannot record the result of command {} in {}: {}", cmd.id(), config.dataPath(), e.getMessage());
            }
        }
        // a reboot is reported before it happens: try a few times, then go ahead anyway
        int tries = after == null ? 1 : 3;
        boolean reported = false;
        for (int i = 1; i <= tries && running; i++) {
            try {
                center.commandResult(c.credential(), cmd.id(), result);
                reported = true;
                break;
            } catch (CenterException e) {
                log.warn("center {} refused the result of command {}: {}", config.center().url(), cmd.id(), e.getMessage());
                if (e.status() == 404) {
                    reported = true; // the center no longer has it: nothing to resend
                    break;
                }
            } catch (IOException e) {
                log.warn("could not report command {} to {}: {}{}", cmd.id(), config.center().url(), describe(e),
                        i < tries ? "; trying again" : "");
            }
            if (i < tries) pause(commandBackoff.next());
        }
        // the center delivers an unreported command again at once: wait a little before asking
        if (!reported && after == null) pause(commandBackoff.next());
        if (after == null) return;
        if (!running) {
            afterFailed(cmd, "the agent was stopped before it could run it");
            return;
        }
        try {
            after.run();
        } catch (RuntimeException e) {
            log.error("command {} ({}) failed after it was reported: {}", cmd.id(), cmd.type(), e.getMessage());
            afterFailed(cmd, e.getMessage());
        }
    }

    /** What runs after the report (a reboot) failed: the center hears of it as an event, in order, even after an outage. */
    private void afterFailed(AgentCommand cmd, String reason) {
        try {
            recordEvent(cmd.type() + ".failed", Map.of("command", cmd.id(), "reason", String.valueOf(reason)));
        } catch (IOException | IllegalStateException e) {
            log.error("could not queue the failure of command {}: {}", cmd.id(), e.getMessage());
        }
    }

    // ---- waiting ----

    private void unreachable(String what, IOException e, Backoff backoff) throws InterruptedException {
        if (!running) return; // close() cut the call off
        Duration wait = backoff.next();
        if (!centerDown) {
            log.warn("center {} is unreachable ({}: {}); retrying with backoff, next in {}", config.center().url(), what, describe(e), fmt(wait));
            centerDown = true;
        } else {
            log.debug("center {} still unreachable ({}); next try in {}", config.center().url(), describe(e), fmt(wait));
        }
        pause(wait);
    }

    private void reachable(Backoff backoff) {
        if (centerDown) {
            log.info("center {} is reachable again", config.center().url());
            centerDown = false;
        }
        backoff.reset();
    }

    /**
     * Waits {@code d} before the next try, still sampling every interval so throttling changes while
     * the center is away become events.
     */
    private void pause(Duration d) throws InterruptedException {
        long end = System.nanoTime() + d.toNanos();
        while (running) {
            long left = end - System.nanoTime();
            if (left <= 0) return;
            long step = Math.min(left, interval.toNanos());
            sleepNanos(step);
            if (System.nanoTime() < end && running && Thread.currentThread() == linkThread) sample();
        }
    }

    private static void sleepNanos(long nanos) throws InterruptedException {
        if (nanos > 0) TimeUnit.NANOSECONDS.sleep(nanos);
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static String fmt(Duration d) {
        return Durations.format(d.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }

    // ---- lifecycle ----

    private void lockDataDir() throws IOException {
        java.nio.file.Path dir = config.dataPath();
        CredentialStore.createDataDir(dir);
        lockChannel = FileChannel.open(dir.resolve("agent.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            dataDirLock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            dataDirLock = null;
        }
        if (dataDirLock == null) {
            lockChannel.close();
            throw new IOException("another bramble agent is running with dataDir " + dir + "; stop it or give this one its own dataDir");
        }
    }

    private void releaseDataDir() {
        try {
            if (dataDirLock != null) dataDirLock.release();
            if (lockChannel != null) lockChannel.close();
        } catch (IOException e) {
            log.debug("releasing the dataDir lock: {}", e.getMessage());
        }
        dataDirLock = null;
        lockChannel = null;
    }

    /** Stops both loops (an in-flight call is cut off), closes the event queue and releases the data directory. */
    @Override
    public synchronized void close() {
        if (!running && events == null) return;
        running = false;
        if (linkThread != null) linkThread.interrupt();
        if (eventThread != null) eventThread.interrupt();
        if (commandThread != null) commandThread.interrupt();
        center.close();
        join(linkThread);
        join(eventThread);
        join(commandThread);
        try {
            if (events != null) events.close();
        } catch (IOException e) {
            log.warn("closing the event queue: {}", e.getMessage());
        }
        events = null;
        try {
            if (executed != null) executed.close();
        } catch (IOException e) {
            log.warn("closing the command record: {}", e.getMessage());
        }
        executed = null;
        if (board != null) board.close();
        releaseDataDir();
        log.info("agent stopped");
    }

    private static void join(Thread t) {
        if (t == null) return;
        try {
            if (!t.join(Duration.ofSeconds(10))) log.warn("{} did not stop within 10 s", t.getName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
