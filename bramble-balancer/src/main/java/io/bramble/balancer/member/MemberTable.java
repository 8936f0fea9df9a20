package io.bramble.balancer.member;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The current members, swapped as a whole (copy on write) so the request path reads one volatile
 * field and never locks.
 */
public final class MemberTable {
    private volatile List<Member> list = List.of();
    private volatile Map<String, Member> byName = Map.of();

    public List<Member> members() { return list; }

    public Member byName(String name) { return byName.get(name); }

    public synchronized void replace(List<Member> members) {
        Map<String, Member> m = new LinkedHashMap<>();
        for (Member x : members) m.put(x.name(), x);
        byName = Map.copyOf(m);
        list = List.copyOf(members);
    }
}
