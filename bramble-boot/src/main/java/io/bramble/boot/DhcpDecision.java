package io.bramble.boot;

import java.util.Objects;

/** What the DHCP side does for one client: answer it (with what) or stay silent. */
public sealed interface DhcpDecision {

    /** Stay silent; the reason is logged. */
    record Ignore(String reason) implements DhcpDecision {
        public Ignore {
            reason = reason == null || reason.isBlank() ? "ignored" : reason;
        }
    }

    /**
     * Answer. A Pi gets the "Raspberry Pi Boot" menu in option 43 and the TFTP server in siaddr/option 54/66;
     * {@code bootFile} (option 67 and the file field) is the iPXE script URL for iPXE clients, a boot file for other PXE
     * clients, and may be empty for Pis.
     */
    record Answer(String bootFile) implements DhcpDecision {
        public Answer {
            bootFile = bootFile == null ? "" : bootFile;
        }
    }

    static DhcpDecision ignore(String reason) { return new Ignore(reason); }

    static DhcpDecision answer(String bootFile) { return new Answer(Objects.requireNonNullElse(bootFile, "")); }
}
