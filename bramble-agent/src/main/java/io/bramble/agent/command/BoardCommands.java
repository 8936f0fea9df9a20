package io.bramble.agent.command;

import io.bramble.agent.board.Board;
import io.bramble.agent.board.FanMode;
import io.bramble.agent.board.LedColour;
import io.bramble.agent.board.LedPattern;
import io.bramble.agent.board.SimulatedBoard;
import io.bramble.core.wire.AgentCommand;
import io.bramble.core.wire.BoardState;
import java.time.Duration;
import java.util.Map;

/**
 * Runs the center's commands on this node's {@link Board}: locate, LEDs, fan; a reboot through the
 * given action; a press of the button on a simulated board. A part the node does not have is a
 * failed result that says why (the reason {@link BoardState} gives), never a silent success.
 */
public final class BoardCommands implements CommandHandler {
    private final Board board;
    private final Reboot reboot;

    /** How this node reboots. */
    public interface Reboot {
        /** Says what will happen, or throws {@link IllegalStateException} with why it cannot reboot. */
        String check();

        /** Reboots; called once the center has the result, since afterwards there is no agent to report it. */
        void run();
    }

    /**
     * @param board  the node's board, or null when the agent has none (every board command then fails, saying so)
     * @param reboot how this node reboots
     */
    public BoardCommands(Board board, Reboot reboot) {
        this.board = board;
        this.reboot = reboot;
    }

    @Override
    public Outcome run(AgentCommand c) {
        Map<String, String> a = c.args();
        try {
            return switch (c.type()) {
                case "locate" -> locate(a);
                case "led" -> led(a);
                case "fan" -> fan(a);
                case "reboot" -> Outcome.ok(reboot.check()).withAfterReport(reboot::run);
                case "press" -> press();
                default -> Outcome.failed("this agent does not know the command " + c.type() + " (is it older than the center?)");
            };
        } catch (IllegalArgumentException | IllegalStateException e) {
            return Outcome.failed(e.getMessage());
        }
    }

    private Outcome locate(Map<String, String> a) {
        Board b = need();
        if ("off".equals(a.get("action"))) {
            b.clearLocate();
            return Outcome.ok("locate LED back to normal");
        }
        int seconds = Integer.parseInt(a.getOrDefault("seconds", "60"));
        b.locate(Duration.ofSeconds(seconds));
        BoardState.Part led = b.state().locateLed();
        if (led == null || !led.present())
            return Outcome.failed("no locate LED to blink (" + (led == null ? "no board" : led.detail()) + "); the status LEDs show it located");
        return Outcome.ok("blinking " + led.detail() + " for " + seconds + " s");
    }

    private Outcome led(Map<String, String> a) {
        Board b = need();
        String colour = a.get("colour");
        if (colour == null) throw new IllegalArgumentException("led needs a colour");
        BoardState.Part leds = b.state().statusLeds();
        if (leds == null || !leds.present()) return Outcome.failed("no status LEDs on this node (" + (leds == null ? "no board" : leds.detail()) + ")");
        if (colour.equals("auto")) {
            b.clearLed();
            return Outcome.ok("status LEDs follow health again");
        }
        LedColour c = LedColour.of(colour);
        LedPattern p = LedPattern.of(a.getOrDefault("pattern", "solid"));
        b.setLed(c, p);
        return Outcome.ok("status LEDs " + c.label() + ", " + p.label());
    }

    private Outcome fan(Map<String, String> a) {
        Board b = need();
        BoardState.Part fan = b.state().fan();
        if (fan == null || !fan.present()) return Outcome.failed("no fan this agent drives (" + (fan == null ? "no board" : fan.detail()) + ")");
        FanMode mode = "auto".equals(a.get("mode")) ? FanMode.auto() : FanMode.fixed(Integer.parseInt(a.getOrDefault("percent", "")));
        b.setFan(mode);
        return Outcome.ok(mode.isAuto() ? "fan follows the temperature curve" : "fan fixed at " + mode.percent() + " %");
    }

    private Outcome press() {
        if (!(board instanceof SimulatedBoard s)) return Outcome.failed("press is only for simulated boards: press the real button");
        s.press();
        return Outcome.ok("simulated button pressed");
    }

    private Board need() {
        if (board == null) throw new IllegalStateException("this agent runs without a board (no GPIO or LEDs configured, or not on a Pi)");
        return board;
    }
}
