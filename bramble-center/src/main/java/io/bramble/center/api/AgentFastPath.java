package io.bramble.center.api;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.bramble.center.auth.Principal;
import io.bramble.center.nodes.NodeRegistry;
import io.bramble.core.json.Json;
import io.bramble.core.wire.ApiError;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers the agents' hot-path POSTs ({@link Api#agentPost}) as a plain Jetty handler in front of Javalin.
 * A JFR profile at 2,000 heartbeats/s put a third of the center's CPU in the servlet layer and Javalin's
 * request handling; this skips both, and no thread waits while the store commits. It enforces what
 * {@link Api} does for {@link Access#AGENT}: the node credential, JSON body rules, body size, and the same
 * {@code {"error":{"code","message"}}} bodies. Anything else passes on to Javalin untouched.
 */
final class AgentFastPath extends Handler.Wrapper {
    private static final Logger log = LoggerFactory.getLogger(AgentFastPath.class);
    private static final JsonMapper JSON = Json.mapper();

    /** One route: the body's type and what to do with it. */
    record Route<T>(Class<T> type, java.util.function.Function<byte[], T> fastRead, Api.AgentCall<T> call) {}

    private final Api api;
    private final Map<String, Route<?>> routes;
    private final long maxBody;
    /** Bodies declared larger than the limit but no larger than this are read and dropped before the 413. */
    private static final long DRAIN_LIMIT = 16L << 20;

    AgentFastPath(Api api, Map<String, Route<?>> routes, long maxBody) {
        this.api = api;
        this.routes = routes;
        this.maxBody = maxBody;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Route<?> route = HttpMethod.POST.is(request.getMethod()) ? routes.get(request.getHttpURI().getPath()) : null;
        if (route == null) return super.handle(request, response, callback);
        try {
            Principal node = api.authenticateAgent(request.getHeaders().get(HttpHeader.AUTHORIZATION));
            Api.requireJson(request.getHeaders().get(HttpHeader.CONTENT_TYPE));
            long length = request.getLength();
            if (length > maxBody) {
                ApiException tooLarge = new ApiException(413, "too_large", "the request body is too large");
                // read the body away first: answering while the client still sends makes it see a reset, not the 413
                if (length <= DRAIN_LIMIT) {
                    Content.Source.consumeAll(request, Callback.from(() -> fail(request, response, callback, tooLarge),
                            x -> fail(request, response, callback, tooLarge)));
                    return true;
                }
                throw tooLarge;
            }
            Content.Source.asByteArrayAsync(request, (int) Math.min(maxBody, Integer.MAX_VALUE)).whenComplete((bytes, failure) -> {
                if (failure != null) {
                    fail(request, response, callback, tooLarge(failure) ? new ApiException(413, "too_large", "the request body is too large") : failure);
                    return;
                }
                try {
                    call(route, node, bytes, Request.getRemoteAddr(request)).whenComplete((reply, error) -> {
                        if (error != null) fail(request, response, callback, error);
                        else write(response, callback, 200, JSON.writeValueAsBytes(reply));
                    });
                } catch (RuntimeException e) {
                    fail(request, response, callback, e);
                }
            });
        } catch (RuntimeException e) {
            fail(request, response, callback, e);
        }
        return true;
    }

    private static <T> CompletableFuture<?> call(Route<T> route, Principal node, byte[] bytes, String address) {
        T body = route.fastRead().apply(bytes);
        if (body == null) body = Api.parse(bytes, route.type());
        return route.call().handle(node, body, address).toCompletableFuture();
    }

    /** A body past the limit fails Jetty's read with an IllegalStateException ("Max size (N) exceeded"); I/O errors are IOExceptions. */
    private static boolean tooLarge(Throwable failure) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return t instanceof IllegalStateException || t instanceof IllegalArgumentException;
    }

    /** The same status, code and message as {@link Api#install}'s exception handlers give. */
    private static void fail(Request request, Response response, Callback callback, Throwable failure) {
        Throwable e = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        ApiError body;
        int status;
        switch (e) {
            case ApiException a -> {
                status = a.status();
                body = ApiError.of(a.code(), a.getMessage());
            }
            case NodeRegistry.Refused r -> {
                status = r.status();
                body = ApiError.of(r.code(), r.getMessage());
            }
            case SecurityException s -> {
                status = 403;
                body = ApiError.of("forbidden", s.getMessage());
            }
            case IllegalArgumentException i -> {
                status = 400;
                body = ApiError.of("invalid", i.getMessage());
            }
            default -> {
                log.error("request {} {} failed", request.getMethod(), request.getHttpURI().getPath(), e);
                status = 500;
                body = ApiError.of("internal", "the center failed to answer this request; see its log");
            }
        }
        write(response, callback, status, JSON.writeValueAsBytes(body));
    }

    private static void write(Response response, Callback callback, int status, byte[] json) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, json.length);
        response.write(true, ByteBuffer.wrap(json), callback);
    }
}
