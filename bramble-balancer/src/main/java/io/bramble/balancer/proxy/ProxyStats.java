package io.bramble.balancer.proxy;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Balancer-wide counters for the manager page. */
public final class ProxyStats {
    final LongAdder accepted = new LongAdder();
    final AtomicInteger open = new AtomicInteger();
    final LongAdder requests = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LongAdder noMember = new LongAdder();
    final LongAdder gatewayErrors = new LongAdder();
    final LongAdder retries = new LongAdder();

    public long accepted() { return accepted.sum(); }

    public int open() { return open.get(); }

    public long requests() { return requests.sum(); }

    /** Requests refused by admission (forward-proxy use, smuggling, limits). */
    public long refused() { return refused.sum(); }

    /** Requests answered 503 because no member could take them. */
    public long noMember() { return noMember.sum(); }

    /** Requests answered 502 or 504 after every try failed. */
    public long gatewayErrors() { return gatewayErrors.sum(); }

    public long retries() { return retries.sum(); }
}
