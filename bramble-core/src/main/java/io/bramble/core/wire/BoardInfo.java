package io.bramble.core.wire;

/**
 * A Raspberry Pi's new-style revision code decoded: board type, memory, manufacturer, processor.
 * Decoded from the bit fields documented by Raspberry Pi Ltd (NOQuuuWuFMMMCCCCPPPPTTTTTTTTRRRR).
 */
public record BoardInfo(String revisionCode, String type, Long memoryBytes, String manufacturer,
                        String processor, int boardRevision) {}
