package io.bramble.core.wire;

/** One real (non-pseudo) mounted filesystem and its size. */
public record Filesystem(String mount, String device, String type, long totalBytes, long usedBytes) {}
