package io.bramble.center.nodes;

/** Where a Pi sits: rack, row (1-based) and slot (1-based). All null for a node not yet placed. */
public record Location(String rack, Integer row, Integer slot) {
    public static final Location NONE = new Location(null, null, null);

    public Location {
        boolean any = rack != null || row != null || slot != null;
        boolean all = rack != null && row != null && slot != null;
        if (any && !all) throw new IllegalArgumentException("location needs rack, row and slot together (or none of them)");
        if (row != null && (row < 1 || row > 64)) throw new IllegalArgumentException("location.row must be between 1 and 64 (got " + row + ")");
        if (slot != null && (slot < 1 || slot > 64)) throw new IllegalArgumentException("location.slot must be between 1 and 64 (got " + slot + ")");
    }

    public boolean placed() {
        return rack != null;
    }
}
