package io.bramble.core.wire;

/**
 * The answer to enrollment: the node's id and name, and its credential (shown once; the center keeps
 * only its hash), and how often to heartbeat.
 */
public record EnrollResponse(String nodeId, String name, String credential, int heartbeatSeconds) {}
