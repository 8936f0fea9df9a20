package io.bramble.balancer.proxy;

import java.util.Arrays;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;

/**
 * Flushes, once the event loop has handled every connection that was ready, all the connections
 * that got something to send meanwhile. Sending as soon as one request is handled wakes the member
 * (or the client) for that one message, and on a small machine the kernel then often switches to it
 * at once; sending after the whole batch lets each peer take several messages per wake-up. Costs one
 * task per loop turn, never a system call more.
 */
final class FlushBatch implements Runnable {
    private final EventLoop loop;
    private Channel[] channels = new Channel[64];
    private int count;
    private boolean scheduled;

    FlushBatch(EventLoop loop) {
        this.loop = loop;
    }

    /** Flushes {@code ch} at the end of this loop turn; call on the loop only. */
    void add(Channel ch) {
        if (count > 0 && channels[count - 1] == ch) return;
        if (count == channels.length) channels = Arrays.copyOf(channels, count * 2);
        channels[count++] = ch;
        if (!scheduled) {
            scheduled = true;
            loop.execute(this); // tasks run after the I/O of the current turn
        }
    }

    @Override
    public void run() {
        scheduled = false;
        // a flush may add channels (writability changes); they are flushed in this pass too
        for (int i = 0; i < count; i++) {
            Channel ch = channels[i];
            channels[i] = null;
            ch.flush();
        }
        count = 0;
    }
}
