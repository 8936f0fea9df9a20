package io.bramble.agent.board;

import java.util.List;

/**
 * A step curve from temperature to fan duty with hysteresis: the fan speeds up as soon as a step's
 * temperature is reached, and slows down only once the temperature is {@code hysteresis} °C below the
 * step it runs at, so it does not hunt around a step. Not thread-safe; the board guards it.
 */
final class FanCurve {
    private final double[] temps;
    private final int[] percents;
    private final double hysteresis;
    private int step = -1;

    FanCurve(List<BoardConfig.CurvePoint> curve, double hysteresis) {
        temps = curve.stream().mapToDouble(BoardConfig.CurvePoint::temp).toArray();
        percents = curve.stream().mapToInt(BoardConfig.CurvePoint::percent).toArray();
        this.hysteresis = hysteresis;
    }

    /** The duty for this temperature, given the ones before it. */
    int update(double celsius) {
        int target = -1;
        for (int i = 0; i < temps.length; i++) if (celsius >= temps[i]) target = i;
        if (target > step) {
            step = target;
        } else {
            while (step > target && celsius < temps[step] - hysteresis) step--;
        }
        return percent();
    }

    int percent() {
        return step < 0 ? 0 : percents[step];
    }
}
