package io.bramble.balancer.feed;

import java.util.List;

/**
 * The center's answer to {@code GET /api/v1/balancer/{name}/members}: the members of one balancer
 * with their node's health and load. Also the data of each SSE event named {@code members}.
 */
public record CenterMembers(String balancer, List<Entry> members) {
    public CenterMembers {
        members = members == null ? List.of() : List.copyOf(members);
    }

    /** One member: node name, URL to proxy to, health (up, degraded, stale, down, off) and load. */
    public record Entry(String node, String url, String health, Double load1, Integer cpus, Double tempCelsius,
                        Boolean throttled, Integer weight) {
        public Entry {
            if (node == null || node.isBlank()) throw new IllegalArgumentException("member without a node name");
            if (url == null || url.isBlank()) throw new IllegalArgumentException("member " + node + " without a url");
            health = health == null ? "up" : health;
        }
    }
}
