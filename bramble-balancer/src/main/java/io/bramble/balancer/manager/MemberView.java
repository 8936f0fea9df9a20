package io.bramble.balancer.manager;

import java.util.List;

import io.bramble.balancer.member.Member;
import io.bramble.balancer.member.MemberFlag;
import io.bramble.balancer.member.NodeReport;

/**
 * One member as the manager shows it. bytesIn is request body bytes sent to the member,
 * bytesOut response body bytes it sent back (Apache's "To" and "From").
 */
public record MemberView(String name, String url, String source, int weight, List<String> flags, String status,
                         boolean inError, boolean draining, boolean accepting, int inFlight, long requests,
                         long bytesIn, long bytesOut, long errors, long retries, String lastCheck,
                         String lastCheckResult, String whyOut, String health, Double load1, Integer cpus,
                         Double tempCelsius, Boolean throttled) {

    public static MemberView of(Member m, long now) {
        NodeReport r = m.report();
        return new MemberView(m.name(), m.endpoint().url(), m.source(), m.weight(),
                m.flags().stream().map(MemberFlag::wire).toList(), m.status(now), m.inError(now), m.draining(),
                m.acceptsNew(now), m.inFlight(), m.requests(), m.bytesIn(), m.bytesOut(), m.errors(), m.retries(),
                m.lastCheck() == null ? null : m.lastCheck().toString(), m.lastCheckResult(), m.whyOut(now),
                r.health(), r.load1(), r.cpus(), r.tempCelsius(), r.throttled());
    }

    /** The fields an operator can change, for the audit log. */
    public record Settings(int weight, List<String> flags) {
        public static Settings of(Member m) {
            return new Settings(m.weight(), m.flags().stream().map(MemberFlag::wire).toList());
        }
    }
}
