package io.bramble.balancer.proxy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.bramble.balancer.member.Endpoint;
import io.bramble.balancer.member.Member;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;

/**
 * One request on its way through: picks a member, leases or opens a connection on the client's
 * own event loop, streams the body both ways with backpressure (a side that cannot keep up pauses
 * reading on the other), rewrites headers, retries idempotent body-less requests on another
 * member, and returns the connection to the pool when both messages are complete.
 * All methods run on the client's event loop.
 */
final class Exchange {
    private static final Logger log = LoggerFactory.getLogger(Exchange.class);

    private static final byte[] CRLF = {'\r', '\n'};
    private static final int SMALL_BODY = 16384;
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRANSFER_ENCODING_CHUNKED = "Transfer-Encoding: chunked\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONNECTION_CLOSE = "Connection: close\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONNECTION_KEEP_ALIVE = "Connection: keep-alive\r\n".getBytes(StandardCharsets.US_ASCII);

    private final FrontendHandler front;
    private final ProxyServer server;
    private final UpstreamPool pool;
    private final Channel client;
    private final ProxySettings s;
    private final RequestHead request;
    private final String clientIp;
    private final boolean retryable;
    private final boolean websocket;
    private final boolean clientHttp11;
    private final String sticky;
    private boolean clientKeepAlive;

    private Member member;
    private boolean memberActive;
    private List<Member> tried;
    private int attempt;
    private boolean holdsRetrySlot;
    private boolean staleRetried;

    private Channel upstream;
    private UpstreamHandler uh;
    private Endpoint endpoint;
    private boolean reusedConnection;
    private ArrayDeque<ByteBuf> pending;

    private long bodyBytes;
    private boolean requestDone;
    private boolean requestSent;
    private boolean responseStarted;
    private boolean responseDone;
    private boolean chunkForClient;
    private ByteBuf heldHead;
    private boolean upstreamReusable = true;
    private boolean finished;
    private boolean tunnel;
    private boolean clientFlush;
    private boolean pausedForConnect;
    private boolean upstreamFlush;
    private int status;

    Exchange(FrontendHandler front, ProxyServer server, UpstreamPool pool, Channel client, RequestHead request, String clientIp) {
        this.front = front;
        this.server = server;
        this.pool = pool;
        this.client = client;
        this.s = server.settings();
        this.request = request;
        this.clientIp = clientIp;
        this.clientHttp11 = request.http11;
        this.clientKeepAlive = request.keepAlive;
        this.websocket = request.websocket;
        this.sticky = s.sticky() ? request.cookie(s.stickyCookie()) : null;
        this.retryable = !request.hasBody && !websocket && request.idempotent;
        this.requestDone = !request.hasBody;
    }

    boolean requestDone() { return requestDone; }

    /** The request asked for a WebSocket upgrade (the request decoder waits until it is answered). */
    boolean upgradeRequest() { return websocket; }

    void start() {
        server.stats().requests.increment();
        server.budget().requestStarted();
        if (request.expectContinue) {
            // answer 100 ourselves (as nginx does): the body then streams to whichever member we pick
            client.writeAndFlush(Unpooled.wrappedBuffer(CONTINUE), client.voidPromise());
        }
        dispatch();
    }

    private void dispatch() {
        long now = server.clock().millis();
        Member m = server.router().choose(sticky, tried, now);
        if (m == null) {
            server.stats().noMember.increment();
            fail(HttpResponseStatus.SERVICE_UNAVAILABLE, attempt == 0
                    ? "no member can take the request (all stopped, disabled, draining or out)"
                    : "every member tried failed");
            return;
        }
        member = m;
        memberActive = true;
        m.begin();
        Channel ch = websocket ? null : pool.poll(m.endpoint());
        if (ch != null) {
            attach(ch, true);
        } else {
            connect();
        }
    }

    private void connect() {
        Member m = member;
        Endpoint e = m.endpoint();
        ChannelFuture f = pool.connect(e);
        f.addListener((ChannelFuture cf) -> connected(cf, m, e));
    }

    private void connected(ChannelFuture f, Member m, Endpoint e) {
        if (finished || m != member || upstream != null) {
            if (f.isSuccess()) {
                // nobody needs it any more; keep it for the next request if there is room
                if (!pool.offer(e, f.channel())) f.channel().close();
                else f.channel().pipeline().get(UpstreamHandler.class).endpoint = e;
            }
            return;
        }
        if (!f.isSuccess()) {
            Throwable c = f.cause();
            upstreamFailed("connect to " + e.hostHeader() + " failed: " + (c == null ? "unknown" : c.getMessage()), false);
            return;
        }
        attach(f.channel(), false);
    }

    private void attach(Channel ch, boolean reused) {
        upstream = ch;
        uh = ch.pipeline().get(UpstreamHandler.class);
        uh.exchange = this;
        uh.endpoint = member.endpoint();
        uh.lastError = null;
        endpoint = uh.endpoint;
        reusedConnection = reused;
        uh.touch();
        if (!ch.config().isAutoRead()) ch.config().setAutoRead(true);
        uh.decoder.expect(request.headMethod, !clientHttp11);
        String memberHost = endpoint.hostHeader();
        ByteBuf head = ch.alloc().directBuffer(request.size(memberHost.length() + clientIp.length() + s.forwardedProto().length()));
        ch.write(request.writeTo(head, clientIp, s.forwardedProto(), memberHost), ch.voidPromise());
        if (pending != null) {
            ByteBuf c;
            while ((c = pending.poll()) != null) {
                member.addBytesIn(c.readableBytes());
                ch.write(c, ch.voidPromise());
            }
        }
        if (requestDone) requestSent = true;
        pool.flushes.add(ch);
        upstreamFlush = false;
        if (pausedForConnect) {
            pausedForConnect = false;
            if (ch.isWritable()) client.config().setAutoRead(true);
        }
    }

    // ---- client to member ----

    /** A piece of the request body ({@link ByteBuf}) or its end ({@link RequestDecoder#END}). */
    void fromClient(Object msg) {
        boolean last = msg == RequestDecoder.END;
        ByteBuf c = last ? null : (ByteBuf) msg;
        if (finished) {
            if (c != null) c.release();
            if (last) requestDone = true;
            return;
        }
        int n = c == null ? 0 : c.readableBytes();
        bodyBytes += n;
        if (bodyBytes > s.maxBodyBytes()) {
            c.release();
            tooLarge();
            return;
        }
        if (last) requestDone = true;
        if (upstream != null) {
            if (c != null) {
                member.addBytesIn(n);
                upstream.write(c, upstream.voidPromise());
                upstreamFlush = true;
            }
            if (last) {
                requestSent = true;
                uh.touch();
            }
            if (!upstream.isWritable()) client.config().setAutoRead(false);
            if (last && responseDone) {
                flushUpstream();
                complete();
            }
        } else if (c != null) {
            if (pending == null) pending = new ArrayDeque<>();
            pending.add(c);
            pausedForConnect = true;
            client.config().setAutoRead(false);
        }
    }

    void flushUpstream() {
        if (upstreamFlush && upstream != null) {
            upstreamFlush = false;
            pool.flushes.add(upstream);
        }
    }

    void clientWritabilityChanged() {
        Channel up = upstream;
        if (up != null && responseStarted) up.config().setAutoRead(client.isWritable());
    }

    void upstreamWritabilityChanged() {
        if ((!requestDone || tunnel) && upstream != null) client.config().setAutoRead(upstream.isWritable());
    }

    // ---- member to client ----

    void fromUpstream(Object msg) {
        if (tunnel) {
            if (msg instanceof ByteBuf b) {
                client.write(b, client.voidPromise());
                clientFlush = true;
            } else {
                ReferenceCountUtil.release(msg);
            }
            return;
        }
        if (msg instanceof ByteBuf b) {
            body(b);
        } else if (msg instanceof ResponseHead r) {
            head(r);
        } else if (msg == ResponseDecoder.END || msg == ResponseDecoder.END_UNCLEAN) {
            if (msg == ResponseDecoder.END_UNCLEAN) upstreamReusable = false;
            end();
        } else if (msg instanceof ResponseDecoder.Failure f) {
            upstreamReusable = false;
            if (responseStarted) abort("broken response from " + member.name() + ": " + f.reason());
            else upstreamFailed("invalid response from " + member.name() + ": " + f.reason(), false);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void head(ResponseHead r) {
        if (responseStarted) return; // cannot happen: the decoder reads one response per request
        int code = r.status;
        if (code == 101) {
            if (websocket) {
                startTunnel(r);
            } else {
                upstreamReusable = false;
                upstreamFailed("member " + member.name() + " switched protocols without being asked", false);
            }
            return;
        }
        if (code < 200) {
            // an interim answer (103 Early Hints and the like): pass it on to an HTTP/1.1 client, then wait for the real one
            if (clientHttp11) {
                ByteBuf out = client.alloc().directBuffer(r.size() + 2);
                r.writeTo(out, false, false);
                out.writeShort(0x0d0a);
                client.write(out, client.voidPromise());
                clientFlush = true;
            }
            return;
        }
        responseStarted = true;
        status = code;
        if (!r.keepAlive) upstreamReusable = false;
        boolean keepTransferEncoding = clientHttp11;
        if (r.untilClose) {
            // ends when the member closes: chunk it for an HTTP/1.1 client, close for an HTTP/1.0 one
            if (clientHttp11) chunkForClient = true;
            else clientKeepAlive = false;
        } else if (r.chunked && !clientHttp11) {
            clientKeepAlive = false; // the decoder strips the chunk framing; the end of the body is the close
        }
        if (server.closing()) clientKeepAlive = false;
        String cookie = s.sticky() && !member.name().equals(sticky)
                ? "Set-Cookie: " + s.stickyCookie() + "=" + member.name() + "; Path=/; HttpOnly; SameSite=Lax\r\n" : null;
        // room for a small body too: it is copied behind the head, so head and body leave in one send
        int small = r.contentLength > 0 && r.contentLength <= SMALL_BODY ? (int) r.contentLength : 0;
        ByteBuf out = client.alloc().directBuffer(r.size() + 64 + (cookie == null ? 0 : cookie.length()) + small);
        r.writeTo(out, false, keepTransferEncoding);
        if (chunkForClient) out.writeBytes(TRANSFER_ENCODING_CHUNKED);
        if (!clientKeepAlive) out.writeBytes(CONNECTION_CLOSE);
        else if (!clientHttp11) out.writeBytes(CONNECTION_KEEP_ALIVE);
        if (cookie != null) out.writeCharSequence(cookie, StandardCharsets.ISO_8859_1);
        out.writeShort(0x0d0a);
        heldHead = out;
        clientFlush = true;
    }

    /** Writes the response head if it is still held back for a small body. */
    private void writeHeldHead() {
        ByteBuf h = heldHead;
        if (h != null) {
            heldHead = null;
            client.write(h, client.voidPromise());
        }
    }

    private void releaseHeldHead() {
        ByteBuf h = heldHead;
        if (h != null) {
            heldHead = null;
            h.release();
        }
    }

    private void body(ByteBuf b) {
        if (!responseStarted || responseDone) {
            b.release();
            return;
        }
        int n = b.readableBytes();
        member.addBytesOut(n);
        uh.touch();
        ByteBuf h = heldHead;
        if (h != null && !chunkForClient && n <= h.writableBytes()) {
            h.writeBytes(b);
            b.release();
            return;
        }
        writeHeldHead();
        if (chunkForClient) {
            ByteBuf size = client.alloc().directBuffer(10);
            ByteBufUtil.writeAscii(size, Integer.toHexString(n));
            size.writeShort(0x0d0a);
            client.write(size, client.voidPromise());
            client.write(b, client.voidPromise());
            client.write(Unpooled.wrappedBuffer(CRLF), client.voidPromise());
        } else {
            client.write(b, client.voidPromise());
        }
        clientFlush = true;
        if (!client.isWritable()) upstream.config().setAutoRead(false);
    }

    private void end() {
        if (!responseStarted || responseDone) return;
        writeHeldHead();
        if (chunkForClient) client.write(Unpooled.wrappedBuffer(LAST_CHUNK), client.voidPromise());
        responseDone = true;
        if (requestDone) {
            complete();
        } else {
            // the member answered before the whole body arrived; we keep passing it on
            flushClient();
        }
    }

    void flushClient() {
        writeHeldHead();
        if (clientFlush) {
            clientFlush = false;
            pool.flushes.add(client);
        }
    }

    /** Both messages are complete: count, give the connection back, let the client go on. */
    private void complete() {
        if (finished) return;
        finished = true;
        endMember();
        if (status >= 500 && s.ejectOn5xx()) memberFailed("HTTP " + status);
        else member.succeeded();
        endBudget();
        Channel up = upstream;
        upstream = null;
        if (up != null) {
            uh.exchange = null;
            if (upstreamReusable && requestSent && up.isActive()) {
                if (!up.config().isAutoRead()) up.config().setAutoRead(true);
                if (!pool.offer(endpoint, up)) up.close();
            } else {
                up.close();
            }
        }
        clientFlush = false;
        front.completed(this, clientKeepAlive && requestDone);
    }

    // ---- failures ----

    void upstreamClosed(String reason) {
        upstream = null;
        if (finished) return;
        if (tunnel) {
            finished = true;
            endMember();
            endBudget();
            client.close();
            return;
        }
        if (responseDone) {
            // the member answered in full and closed before reading the rest of the body: done, but
            // this client connection cannot be reused (part of its body is still on the way)
            upstreamReusable = false;
            clientKeepAlive = false;
            requestDone = true;
            complete();
            return;
        }
        if (responseStarted) {
            abort("member " + member.name() + " closed the connection mid-response: " + reason);
            return;
        }
        retryOrFail(reason, false);
    }

    /** No byte from the member for the response timeout. */
    void upstreamSilent() {
        if (finished) return;
        if (!requestSent) {
            // still sending the client's body; the clock runs from the end of the request
            uh.touch();
            return;
        }
        String reason = "no answer from " + member.name() + " within " + s.responseMillis() + " ms";
        Channel up = upstream;
        upstream = null;
        if (up != null) {
            uh.exchange = null;
            up.close();
        }
        if (responseStarted) {
            abort(reason);
            return;
        }
        retryOrFail(reason, true);
    }

    private void upstreamFailed(String reason, boolean timeout) {
        Channel up = upstream;
        upstream = null;
        if (up != null) {
            uh.exchange = null;
            up.close();
        }
        if (finished) return;
        retryOrFail(reason, timeout);
    }

    private void retryOrFail(String reason, boolean timeout) {
        boolean wasReused = reusedConnection;
        reusedConnection = false;
        if (wasReused && !timeout && !staleRetried && retryable) {
            // a pooled connection the member had already closed: not the member's fault, try a fresh one
            staleRetried = true;
            connect();
            return;
        }
        endMember();
        memberFailed(reason);
        log.debug("request {} {} to {} failed: {}", request.method(), request.target(), member.name(), reason);
        if (retryable && attempt < s.retryAttempts() && (holdsRetrySlot || server.budget().tryRetry())) {
            holdsRetrySlot = true;
            if (tried == null) tried = new ArrayList<>(2);
            tried.add(member);
            attempt++;
            member.retried();
            server.stats().retries.increment();
            staleRetried = false;
            dispatch();
            return;
        }
        server.stats().gatewayErrors.increment();
        fail(timeout ? HttpResponseStatus.GATEWAY_TIMEOUT : HttpResponseStatus.BAD_GATEWAY, reason);
    }

    /** Answers the client with the balancer's own error and ends the exchange. */
    private void fail(HttpResponseStatus st, String reason) {
        if (finished) return;
        finished = true;
        endMember();
        endBudget();
        releasePending();
        boolean keep = clientKeepAlive && requestDone && !server.closing();
        client.write(Responses.text(st, reason, !keep), client.voidPromise());
        front.completed(this, keep);
    }

    private void tooLarge() {
        String why = "body over the limit of " + s.maxBodyBytes() + " bytes";
        if (!responseStarted) {
            Channel up = upstream;
            upstream = null;
            if (up != null) {
                uh.exchange = null;
                up.close();
            }
            clientKeepAlive = false;
            fail(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, why);
        } else {
            abort(why);
        }
    }

    /** Something broke after the response began: all we can do is close both sides. */
    private void abort(String reason) {
        log.debug("request {} {}: {}", request.method(), request.target(), reason);
        releaseHeldHead();
        if (finished) return;
        finished = true;
        endMember();
        memberFailed(reason);
        endBudget();
        releasePending();
        Channel up = upstream;
        upstream = null;
        if (up != null) {
            uh.exchange = null;
            up.close();
        }
        front.completed(this, false);
    }

    /** The client went away. */
    void clientClosed() {
        releaseHeldHead();
        if (finished) return;
        finished = true;
        endMember();
        endBudget();
        releasePending();
        Channel up = upstream;
        upstream = null;
        if (up != null) {
            uh.exchange = null;
            up.close();
        }
    }

    private void endMember() {
        if (memberActive) {
            memberActive = false;
            member.end();
        }
    }

    private void memberFailed(String reason) {
        if (member == null) return;
        if (member.failed(reason, server.clock().millis(), s.ejectAfter(), s.ejectBaseMillis(), s.ejectMaxMillis()))
            log.warn("member {} ejected: {}", member.name(), member.whyOut(server.clock().millis()));
    }

    private void endBudget() {
        server.budget().requestEnded();
        if (holdsRetrySlot) {
            holdsRetrySlot = false;
            server.budget().retryEnded();
        }
    }

    private void releasePending() {
        if (pending == null) return;
        ByteBuf c;
        while ((c = pending.poll()) != null) c.release();
    }

    // ---- WebSocket ----

    private void startTunnel(ResponseHead r) {
        responseStarted = true;
        status = 101;
        tunnel = true;
        ByteBuf out = client.alloc().directBuffer(r.size() + 2);
        r.writeTo(out, true, true);
        out.writeShort(0x0d0a);
        client.writeAndFlush(out, client.voidPromise());
        // from here on both sides carry raw frames; the decoders hand over any bytes they hold (a
        // client may send its first frames before the 101), so the front relays before they go
        front.tunnelling();
        client.pipeline().remove(AdmissionHandler.class);
        client.pipeline().remove(RequestDecoder.class);
        flushUpstream();
        client.config().setAutoRead(true);
        upstream.pipeline().remove("decoder");
    }

    void tunnelFromClient(ByteBuf b) {
        if (upstream == null) {
            b.release();
            return;
        }
        upstream.write(b, upstream.voidPromise());
        upstreamFlush = true;
    }
}
