package io.bramble.center.nodes;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import io.bramble.core.json.Json;
import io.bramble.core.wire.BoardState;
import io.bramble.core.wire.Filesystem;
import io.bramble.core.wire.Heartbeat;
import io.bramble.core.wire.Sample;
import io.bramble.core.wire.Throttled;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a well-formed heartbeat with Jackson's streaming parser instead of data binding. At 2,000 heartbeats/s
 * binding the {@link Heartbeat} record (property buffers, boxed values, {@code DateTimeFormatter} for the time)
 * was a fifth of the center's CPU. It takes only the exact shape agents send; for anything else (an unknown,
 * repeated or missing field, another number or time format, a value a record refuses, bad JSON) it returns
 * null, and the caller reads the body with {@link Json#readStrict}, whose result and error messages stay the
 * reference. A field added to the wire records is therefore still read right (more slowly) until it is added here.
 */
final class HeartbeatReader {
    private static final JsonMapper JSON = Json.mapper();
    /** The board mid-body: the mapper's checks, except "nothing after the value" (the heartbeat goes on). */
    private static final tools.jackson.databind.ObjectReader BOARD = JSON.readerFor(BoardState.class)
            .without(tools.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private HeartbeatReader() {}

    /** The heartbeat in {@code json}, or null when it is not of the plain shape this reads. */
    static Heartbeat read(byte[] json) {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return null;
            Sample sample = null;
            BoardState board = null;
            boolean boardSeen = false;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                if ("board".equals(name) && !boardSeen) {
                    // small and changes rarely: bound by the (strict) mapper, still one parse of the body
                    boardSeen = true;
                    JsonToken v = p.nextToken();
                    if (v == JsonToken.VALUE_NULL) continue;
                    if (v != JsonToken.START_OBJECT) return null;
                    board = BOARD.readValue(p);
                    continue;
                }
                if (!"sample".equals(name) || sample != null) return null;
                if (p.nextToken() != JsonToken.START_OBJECT) return null;
                sample = sample(p);
                if (sample == null) return null;
            }
            if (t != JsonToken.END_OBJECT || sample == null || p.nextToken() != null) return null;
            return new Heartbeat(sample, board);
        } catch (RuntimeException e) {
            return null; // malformed, or refused by a record: the data binding says exactly why
        }
    }

    private static Sample sample(JsonParser p) {
        Instant at = null;
        Double load1 = null, load5 = null, load15 = null, cpu = null, uptime = null, temp = null, power = null;
        Long memTotal = null, memAvail = null, diskTotal = null, diskUsed = null, rx = null, tx = null;
        List<Filesystem> filesystems = null;
        Throttled throttled = null;
        int seen = 0;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            int bit = switch (name) {
                case "at" -> 1;
                case "load1" -> 1 << 1;
                case "load5" -> 1 << 2;
                case "load15" -> 1 << 3;
                case "cpuPercent" -> 1 << 4;
                case "memTotalBytes" -> 1 << 5;
                case "memAvailableBytes" -> 1 << 6;
                case "diskTotalBytes" -> 1 << 7;
                case "diskUsedBytes" -> 1 << 8;
                case "filesystems" -> 1 << 9;
                case "netRxBytes" -> 1 << 10;
                case "netTxBytes" -> 1 << 11;
                case "uptimeSeconds" -> 1 << 12;
                case "tempCelsius" -> 1 << 13;
                case "throttled" -> 1 << 14;
                case "powerWatts" -> 1 << 15;
                default -> 0;
            };
            if (bit == 0 || (seen & bit) != 0) return null;
            seen |= bit;
            JsonToken v = p.nextToken();
            switch (name) {
                case "at" -> {
                    if (v != JsonToken.VALUE_STRING || (at = instant(p.getString())) == null) return null;
                }
                case "load1" -> load1 = dbl(p, v);
                case "load5" -> load5 = dbl(p, v);
                case "load15" -> load15 = dbl(p, v);
                case "cpuPercent" -> cpu = dbl(p, v);
                case "memTotalBytes" -> memTotal = lng(p, v);
                case "memAvailableBytes" -> memAvail = lng(p, v);
                case "diskTotalBytes" -> diskTotal = lng(p, v);
                case "diskUsedBytes" -> diskUsed = lng(p, v);
                case "filesystems" -> {
                    if (v == JsonToken.VALUE_NULL) break;
                    if (v != JsonToken.START_ARRAY || (filesystems = filesystems(p)) == null) return null;
                }
                case "netRxBytes" -> rx = lng(p, v);
                case "netTxBytes" -> tx = lng(p, v);
                case "uptimeSeconds" -> uptime = dbl(p, v);
                case "tempCelsius" -> temp = dbl(p, v);
                case "throttled" -> {
                    if (v == JsonToken.VALUE_NULL) break;
                    if (v != JsonToken.START_OBJECT || (throttled = throttled(p)) == null) return null;
                }
                case "powerWatts" -> power = dbl(p, v);
                default -> {
                    return null;
                }
            }
        }
        if (t != JsonToken.END_OBJECT || at == null) return null;
        return new Sample(at, load1, load5, load15, cpu, memTotal, memAvail, diskTotal, diskUsed, filesystems, rx, tx, uptime, temp,
                throttled, power);
    }

    private static List<Filesystem> filesystems(JsonParser p) {
        List<Filesystem> list = new ArrayList<>(4);
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
            String mount = null, device = null, type = null;
            long total = 0, used = 0;
            int seen = 0;
            JsonToken f;
            while ((f = p.nextToken()) == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                int bit;
                switch (name) {
                    case "mount" -> { bit = 1; mount = str(p, v); }
                    case "device" -> { bit = 2; device = str(p, v); }
                    case "type" -> { bit = 4; type = str(p, v); }
                    case "totalBytes" -> { bit = 8; total = primitiveLong(p, v); }
                    case "usedBytes" -> { bit = 16; used = primitiveLong(p, v); }
                    default -> { return null; }
                }
                if ((seen & bit) != 0) return null;
                seen |= bit;
            }
            // a missing primitive is not an error for the data binding (it becomes 0): leave that case to it
            if (f != JsonToken.END_OBJECT || (seen & 24) != 24) return null;
            list.add(new Filesystem(mount, device, type, total, used));
        }
        return t == JsonToken.END_ARRAY ? list : null;
    }

    private static Throttled throttled(JsonParser p) {
        long raw = 0;
        boolean[] b = new boolean[8];
        int seen = 0;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            int i = switch (name) {
                case "raw" -> 8;
                case "underVoltage" -> 0;
                case "freqCapped" -> 1;
                case "throttled" -> 2;
                case "softTempLimit" -> 3;
                case "underVoltageOccurred" -> 4;
                case "freqCappedOccurred" -> 5;
                case "throttledOccurred" -> 6;
                case "softTempLimitOccurred" -> 7;
                default -> -1;
            };
            if (i < 0 || (seen & (1 << i)) != 0) return null;
            seen |= 1 << i;
            if (i == 8) raw = primitiveLong(p, v);
            else if (v == JsonToken.VALUE_TRUE || v == JsonToken.VALUE_FALSE) b[i] = v == JsonToken.VALUE_TRUE;
            else throw new NotPlain();
        }
        if (t != JsonToken.END_OBJECT || seen != 0x1ff) return null;
        return new Throttled(raw, b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]);
    }

    /** Thrown inside the reader for a value of another form than agents send; {@link #read} turns it into null. */
    private static final class NotPlain extends RuntimeException {
        NotPlain() {
            super(null, null, false, false);
        }
    }

    private static Double dbl(JsonParser p, JsonToken v) {
        if (v == JsonToken.VALUE_NULL) return null;
        if (v == JsonToken.VALUE_NUMBER_FLOAT || v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER)
            return p.getDoubleValue();
        throw new NotPlain();
    }

    private static Long lng(JsonParser p, JsonToken v) {
        if (v == JsonToken.VALUE_NULL) return null;
        return primitiveLong(p, v);
    }

    private static long primitiveLong(JsonParser p, JsonToken v) {
        if (v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) return p.getLongValue();
        throw new NotPlain();
    }

    private static String str(JsonParser p, JsonToken v) {
        if (v == JsonToken.VALUE_NULL) return null;
        if (v == JsonToken.VALUE_STRING) return p.getString();
        throw new NotPlain();
    }

    /** {@code 2026-11-23T10:00:00Z} or with 1 to 9 fraction digits, as {@link Instant#parse} reads it; null for any other form. */
    static Instant instant(String s) {
        int n = s.length();
        if (n < 20 || n > 30 || s.charAt(n - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':') return null;
        int year = digits(s, 0, 4), month = digits(s, 5, 2), day = digits(s, 8, 2);
        int hour = digits(s, 11, 2), minute = digits(s, 14, 2), second = digits(s, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59) return null;
        int nanos = 0;
        if (n > 20) {
            int digits = n - 21;
            if (s.charAt(19) != '.' || digits < 1 || digits > 9) return null;
            nanos = digits(s, 20, digits);
            if (nanos < 0) return null;
            for (int i = digits; i < 9; i++) nanos *= 10;
        }
        if (day > 28 && day > LocalDate.of(year, month, 1).lengthOfMonth()) return null;
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
