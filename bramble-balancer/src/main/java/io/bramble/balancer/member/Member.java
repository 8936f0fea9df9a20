package io.bramble.balancer.member;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One worker behind the balancer: where it is, its weight and administrative flags, its error state
 * (from active checks and passive ejection) and its counters. Shared by all event loops, so every
 * field is volatile or atomic; the balancing methods keep their own per-member state here too.
 */
public final class Member {
    private final String name;
    private final String source;
    private volatile Endpoint endpoint;
    private volatile int weight;
    private volatile int flags;
    private volatile NodeReport report = NodeReport.UNKNOWN;
    private volatile boolean weightSetByOperator;

    // error state
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private volatile long ejectedUntilMillis;
    private volatile int ejections;
    private volatile String ejectReason = "";
    private volatile boolean checkDown;
    private volatile boolean checkDrain;
    private volatile String checkReason = "";
    private int checkPasses;
    private int checkFails;
    private volatile Instant lastCheck;
    private volatile String lastCheckResult = "";
    private volatile long inSinceMillis;

    // counters
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LongAdder requests = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder retries = new LongAdder();

    /** Smooth weighted round robin's running weight; guarded by the method's lock. */
    private long current;

    public Member(String name, String source, Endpoint endpoint, int weight, Set<MemberFlag> flags) {
        this.name = name;
        this.source = source;
        this.endpoint = endpoint;
        this.weight = weight;
        int bits = 0;
        for (MemberFlag f : flags) bits |= f.bit();
        this.flags = bits;
    }

    public String name() { return name; }

    /** {@code config} or {@code center}. */
    public String source() { return source; }

    public Endpoint endpoint() { return endpoint; }

    public void endpoint(Endpoint e) { this.endpoint = e; }

    public int weight() { return weight; }

    public void weight(int w) { this.weight = w; }

    public boolean weightSetByOperator() { return weightSetByOperator; }

    public void weightByOperator(int w) {
        this.weight = w;
        this.weightSetByOperator = true;
    }

    public boolean has(MemberFlag f) { return (flags & f.bit()) != 0; }

    public Set<MemberFlag> flags() {
        EnumSet<MemberFlag> s = EnumSet.noneOf(MemberFlag.class);
        for (MemberFlag f : MemberFlag.values()) if (has(f)) s.add(f);
        return s;
    }

    /** Sets or clears one flag; returns true when it changed. A member leaving stop/disable/drain starts slowly. */
    public synchronized boolean flag(MemberFlag f, boolean on, long nowMillis) {
        int before = flags;
        int after = on ? before | f.bit() : before & ~f.bit();
        if (before == after) return false;
        flags = after;
        if (!on && (f == MemberFlag.STOPPED || f == MemberFlag.DISABLED || f == MemberFlag.DRAIN)) inSinceMillis = nowMillis;
        return true;
    }

    public NodeReport report() { return report; }

    public void report(NodeReport r, long nowMillis) {
        NodeReport before = this.report;
        this.report = r;
        if (before.healthOut() && !r.healthOut()) inSinceMillis = nowMillis;
    }

    // ---- availability ----

    /** In error: failing active checks or ejected, unless ignore-errors. */
    public boolean inError(long nowMillis) {
        if (has(MemberFlag.IGNORE_ERRORS)) return false;
        return checkDown || nowMillis < ejectedUntilMillis;
    }

    /** Draining by operator or because the check path answered 404. */
    public boolean draining() {
        return has(MemberFlag.DRAIN) || checkDrain;
    }

    /** May take a sticky request bound to it (drain still does; disabled and stopped do not). */
    public boolean acceptsSticky(long nowMillis) {
        return !has(MemberFlag.DISABLED) && !has(MemberFlag.STOPPED) && !inError(nowMillis) && !report.healthOut();
    }

    /** May take a new (non-sticky) request. */
    public boolean acceptsNew(long nowMillis) {
        return acceptsSticky(nowMillis) && !draining();
    }

    /** Out only because of errors or the center's health, not by an operator: the panic rule may still use it. */
    public boolean panicCandidate() {
        return !has(MemberFlag.DISABLED) && !has(MemberFlag.STOPPED) && !draining();
    }

    /** Why the member takes no new requests, or "" when it does. */
    public String whyOut(long nowMillis) {
        if (has(MemberFlag.STOPPED)) return "stopped by operator";
        if (has(MemberFlag.DISABLED)) return "disabled by operator";
        if (report.healthOut()) return "center reports node " + report.health();
        if (!has(MemberFlag.IGNORE_ERRORS)) {
            if (checkDown) return "health check failing: " + checkReason;
            if (nowMillis < ejectedUntilMillis)
                return ejectReason + "; ejected until " + Instant.ofEpochMilli(ejectedUntilMillis);
        }
        if (has(MemberFlag.DRAIN)) return "draining (set by operator)";
        if (checkDrain) return "draining: health check path answered 404";
        return "";
    }

    /** The state letters Apache's balancer-manager shows, e.g. {@code Ok}, {@code Err}, {@code Drn Stby}. */
    public String status(long nowMillis) {
        StringBuilder sb = new StringBuilder();
        if (has(MemberFlag.STOPPED)) sb.append("Stop ");
        if (has(MemberFlag.DISABLED)) sb.append("Dis ");
        if (inError(nowMillis) || report.healthOut()) sb.append("Err ");
        if (draining()) sb.append("Drn ");
        if (has(MemberFlag.HOT_STANDBY)) sb.append("Stby ");
        if (has(MemberFlag.HOT_SPARE)) sb.append("Spar ");
        if (has(MemberFlag.IGNORE_ERRORS)) sb.append("Ign ");
        if (sb.isEmpty() || (sb.indexOf("Stop") < 0 && sb.indexOf("Dis") < 0 && sb.indexOf("Err") < 0 && sb.indexOf("Drn") < 0))
            sb.insert(0, "Ok ");
        return sb.toString().strip();
    }

    // ---- weight ----

    /**
     * Weight in thousandths after slow start (a member back in service ramps from 10 % to 100 % over
     * {@code slowStartMillis}) and the byload factor.
     */
    public long effectiveWeight(long nowMillis, long slowStartMillis, double loadFactor) {
        double w = weight * 1000.0 * loadFactor;
        long since = nowMillis - inSinceMillis;
        if (slowStartMillis > 0 && since >= 0 && since < slowStartMillis) {
            w *= Math.max(0.1, (double) since / slowStartMillis);
        }
        return Math.max(1, (long) w);
    }

    /** Marks the member as just (re)entering service, for slow start. */
    public void enteredService(long nowMillis) {
        inSinceMillis = nowMillis;
    }

    public long inSinceMillis() { return inSinceMillis; }

    // ---- passive ejection ----

    /** A request reached the member and got a usable answer. */
    public void succeeded() {
        if (consecutiveFailures.get() != 0) consecutiveFailures.set(0);
    }

    /**
     * A request failed on this member (connect error, reset, timeout or 5xx). After {@code threshold}
     * failures in a row the member is ejected for {@code baseMillis} × 2^(ejections-1), at most
     * {@code maxMillis}. Returns true when this call ejected it.
     */
    public boolean failed(String reason, long nowMillis, int threshold, long baseMillis, long maxMillis) {
        errors.increment();
        if (threshold <= 0 || has(MemberFlag.IGNORE_ERRORS)) return false;
        int n = consecutiveFailures.incrementAndGet();
        if (n < threshold) return false;
        synchronized (this) {
            if (nowMillis < ejectedUntilMillis) return false;
            // a member that stayed healthy for a whole max period starts its back-off afresh
            if (ejections > 0 && nowMillis - ejectedUntilMillis > maxMillis) ejections = 0;
            ejections++;
            long d = baseMillis;
            for (int i = 1; i < ejections && d < maxMillis; i++) d *= 2;
            d = Math.min(d, maxMillis);
            ejectedUntilMillis = nowMillis + d;
            inSinceMillis = ejectedUntilMillis;
            ejectReason = n + " consecutive errors, last: " + reason;
            consecutiveFailures.set(0);
            return true;
        }
    }

    public long ejectedUntilMillis() { return ejectedUntilMillis; }

    public int ejections() { return ejections; }

    // ---- active checks ----

    /** One check result: pass, fail (with reason) or drain (404). Returns a short description of any state change, or null. */
    public synchronized String checked(CheckOutcome outcome, String detail, Instant at, int rise, int fall) {
        lastCheck = at;
        lastCheckResult = detail;
        String change = null;
        boolean drainNow = outcome == CheckOutcome.DRAIN;
        if (drainNow != checkDrain) {
            checkDrain = drainNow;
            change = drainNow ? "draining: check path answered 404" : "no longer draining";
            if (!drainNow) inSinceMillis = at.toEpochMilli();
        }
        if (outcome == CheckOutcome.FAIL) {
            checkPasses = 0;
            checkFails++;
            if (!checkDown && checkFails >= fall) {
                checkDown = true;
                checkReason = detail;
                change = "down after " + checkFails + " failed checks: " + detail;
            } else if (checkDown) {
                checkReason = detail;
            }
        } else {
            checkFails = 0;
            checkPasses++;
            if (checkDown && checkPasses >= rise) {
                checkDown = false;
                checkReason = "";
                inSinceMillis = at.toEpochMilli();
                change = "up after " + checkPasses + " passed checks";
            }
        }
        return change;
    }

    /** The first check result decides at once (a member is assumed up until checked). */
    public boolean checkDown() { return checkDown; }

    public boolean checkDrain() { return checkDrain; }

    public Instant lastCheck() { return lastCheck; }

    public String lastCheckResult() { return lastCheckResult; }

    // ---- counters ----

    /** Smooth weighted round robin's running weight; read and written only under the method's lock. */
    public long rrCurrent() { return current; }

    public void rrCurrent(long v) { current = v; }

    public int inFlight() { return inFlight.get(); }

    public void begin() {
        inFlight.incrementAndGet();
        requests.increment();
    }

    public void end() { inFlight.decrementAndGet(); }

    public void addBytesIn(long n) { bytesIn.add(n); }

    public void addBytesOut(long n) { bytesOut.add(n); }

    public void retried() { retries.increment(); }

    public long requests() { return requests.sum(); }

    public long bytesIn() { return bytesIn.sum(); }

    public long bytesOut() { return bytesOut.sum(); }

    public long errors() { return errors.sum(); }

    public long retries() { return retries.sum(); }

    /** Result of one active health check. */
    public enum CheckOutcome { PASS, FAIL, DRAIN }

    @Override
    public String toString() {
        return name + "(" + endpoint.hostHeader() + ")";
    }
}
