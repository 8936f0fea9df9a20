package io.bramble.core.wire;

/**
 * What the center wants the node to show, carried back in every heartbeat reply so one round trip
 * carries both ways. {@code health} is the center's view of the node (up, degraded, ...).
 */
public record DesiredState(String health, boolean located, int heartbeatSeconds) {}
