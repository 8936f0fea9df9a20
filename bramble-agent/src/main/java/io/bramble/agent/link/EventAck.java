package io.bramble.agent.link;

/** The center's answer to {@code POST /api/v1/agent/events}: how many it took and the highest seq it now holds. */
public record EventAck(int accepted, long lastSeq) {}
