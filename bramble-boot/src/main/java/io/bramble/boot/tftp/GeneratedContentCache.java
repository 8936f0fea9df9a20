package io.bramble.boot.tftp;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Generated boot files by (serial, path, content version), least recently used dropped first once the byte budget is
 * spent. Never keyed by name alone: a new version of a node's config.txt is a new entry.
 */
final class GeneratedContentCache {
    record Key(String serial, String path, String version) {}

    private final long budgetBytes;
    private final LinkedHashMap<Key, byte[]> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;
    private long generated;

    GeneratedContentCache(long budgetBytes) {
        this.budgetBytes = budgetBytes;
    }

    byte[] get(Key key, Supplier<byte[]> generator) {
        synchronized (this) {
            byte[] hit = entries.get(key);
            if (hit != null) return hit;
        }
        // generate outside the lock: a slow generator must not stall every other transfer
        byte[] made = generator.get();
        if (made == null) throw new IllegalStateException("the boot policy generated no content for " + key);
        synchronized (this) {
            generated++;
            byte[] raced = entries.get(key);
            if (raced != null) return raced;
            if (made.length <= budgetBytes) {
                entries.put(key, made);
                bytes += made.length;
                for (Iterator<Map.Entry<Key, byte[]>> it = entries.entrySet().iterator(); bytes > budgetBytes && it.hasNext(); ) {
                    bytes -= it.next().getValue().length;
                    it.remove();
                }
            }
            return made;
        }
    }

    synchronized long generatedCount() { return generated; }

    synchronized int size() { return entries.size(); }
}
