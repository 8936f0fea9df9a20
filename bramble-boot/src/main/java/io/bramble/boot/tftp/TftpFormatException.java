package io.bramble.boot.tftp;

/** A datagram that is not a well-formed TFTP packet; the message says what is wrong. */
public final class TftpFormatException extends IllegalArgumentException {
    public TftpFormatException(String message) {
        super(message);
    }
}
