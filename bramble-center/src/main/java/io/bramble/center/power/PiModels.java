package io.bramble.center.power;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The most power each Raspberry Pi model draws, for budgeting PSUs before anything is measured.
 * Figures are loaded boards (all cores busy, USB and network in use), not idle; docs/power.md says
 * where each comes from. center.yaml {@code power.models} overrides or adds entries by key.
 */
public final class PiModels {
    /** A model: its key in center.yaml, how its /proc/device-tree/model name starts, and its maximum draw. */
    public record Model(String key, String modelPrefix, double maxWatts) {}

    /** Most specific first: "Raspberry Pi 3 Model B Plus" must match before "Raspberry Pi 3 Model B". */
    public static final List<Model> BUILT_IN = List.of(
            new Model("5", "Raspberry Pi 5", 12.0),
            new Model("CM5", "Raspberry Pi Compute Module 5", 12.0),
            new Model("500", "Raspberry Pi 500", 12.0),
            new Model("CM4", "Raspberry Pi Compute Module 4", 7.0),
            new Model("400", "Raspberry Pi 400", 6.4),
            new Model("4B", "Raspberry Pi 4 Model B", 6.4),
            new Model("3B+", "Raspberry Pi 3 Model B Plus", 5.1),
            new Model("3A+", "Raspberry Pi 3 Model A Plus", 2.5),
            new Model("3B", "Raspberry Pi 3 Model B", 4.0),
            new Model("CM3", "Raspberry Pi Compute Module 3", 4.0),
            new Model("Zero2W", "Raspberry Pi Zero 2", 3.0),
            new Model("ZeroW", "Raspberry Pi Zero W", 1.2),
            new Model("Zero", "Raspberry Pi Zero", 1.0),
            new Model("2B", "Raspberry Pi 2 Model B", 2.5));

    /** Used when a node's model is not known (not enrolled yet, or a board not in the table): a Pi 4's figure. */
    public static final double UNKNOWN_WATTS = 6.4;

    private final Map<String, Model> byKey = new LinkedHashMap<>();

    public PiModels(Map<String, Double> overrides) {
        for (Model m : BUILT_IN) byKey.put(m.key().toLowerCase(Locale.ROOT), m);
        for (var o : overrides.entrySet()) {
            String k = o.getKey().toLowerCase(Locale.ROOT);
            Model known = byKey.get(k);
            byKey.put(k, new Model(o.getKey(), known == null ? o.getKey() : known.modelPrefix(), o.getValue()));
        }
    }

    /** The model for a key from center.yaml ("4B") or a board's model string ("Raspberry Pi 4 Model B Rev 1.4"). */
    public Model of(String keyOrModel) {
        if (keyOrModel == null || keyOrModel.isBlank()) return new Model("unknown", "", UNKNOWN_WATTS);
        Model byK = byKey.get(keyOrModel.strip().toLowerCase(Locale.ROOT));
        if (byK != null) return byK;
        // the longest matching prefix wins, so overrides with a full model name also work
        Model best = null;
        for (Model m : byKey.values())
            if (!m.modelPrefix().isEmpty() && keyOrModel.startsWith(m.modelPrefix())
                    && (best == null || m.modelPrefix().length() > best.modelPrefix().length()))
                best = m;
        return best != null ? best : new Model("unknown", keyOrModel, UNKNOWN_WATTS);
    }
}
