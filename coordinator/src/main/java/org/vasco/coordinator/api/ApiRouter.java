package org.vasco.coordinator.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches requests to routes by method and path template ({@code /api/runs/{run}/tiles}): literal segments
 * must match, {@code {name}} segments capture one URL-decoded path segment. Unknown paths answer 404, a known
 * path with another method 405, a route's {@link ApiException} its status with {@code {"error": message}}, and
 * any other failure 500 with a generic message (the details go to the log only). Register one router under
 * several contexts of the JDK server; thread-safe.
 */
public final class ApiRouter implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ApiRouter.class);
    /** Request bodies are small JSON objects; anything larger is refused before it is read. */
    public static final int MAX_BODY_BYTES = 16 * 1024;

    /** One endpoint. */
    @FunctionalInterface
    public interface Route {
        Reply handle(ApiRequest request) throws Exception;
    }

    private record Entry(String method, List<String> template, Route route) {
    }

    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    /** Adds a route; templates are absolute paths whose segments are literals or {@code {name}}. */
    public ApiRouter add(String method, String template, Route route) {
        if (!template.startsWith("/")) {
            throw new IllegalArgumentException("Route template must be an absolute path: " + template);
        }
        entries.add(new Entry(method, segments(template), route));
        return this;
    }

    public ApiRouter get(String template, Route route) {
        return add("GET", template, route);
    }

    public ApiRouter post(String template, Route route) {
        return add("POST", template, route);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Reply reply;
            try {
                reply = dispatch(exchange);
            } catch (ApiException e) {
                reply = Reply.error(e.status(), e.getMessage());
            } catch (Exception e) {
                LOG.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), e);
                reply = Reply.error(500, "Internal error; the coordinator's log has the details");
            }
            send(exchange, reply);
        }
    }

    private Reply dispatch(HttpExchange exchange) throws Exception {
        List<String> path = segments(exchange.getRequestURI().getRawPath());
        String method = exchange.getRequestMethod().toUpperCase(java.util.Locale.ROOT);
        List<String> allowed = new ArrayList<>();
        for (Entry entry : entries) {
            Map<String, String> values = match(entry.template, path);
            if (values == null) {
                continue;
            }
            if (!entry.method.equals(method)) {
                allowed.add(entry.method);
                continue;
            }
            byte[] body = readBody(exchange);
            return entry.route.handle(new ApiRequest(method, values, query(exchange.getRequestURI().getRawQuery()),
                    exchange.getRequestHeaders(), body));
        }
        if (!allowed.isEmpty()) {
            exchange.getResponseHeaders().set("Allow", String.join(", ", allowed));
            throw new ApiException(405, method + " is not allowed on " + exchange.getRequestURI().getRawPath()
                    + "; use " + String.join(" or ", allowed));
        }
        throw ApiException.notFound("No such resource: " + exchange.getRequestURI().getRawPath());
    }

    private static Map<String, String> match(List<String> template, List<String> path) throws ApiException {
        if (template.size() != path.size()) {
            return null;
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < template.size(); i++) {
            String t = template.get(i);
            if (t.startsWith("{") && t.endsWith("}")) {
                values.put(t.substring(1, t.length() - 1), decode(path.get(i)));
            } else if (!t.equals(path.get(i))) {
                return null;
            }
        }
        return values;
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException, ApiException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw new ApiException(413, "Request body larger than " + MAX_BODY_BYTES + " bytes");
            }
            return body;
        }
    }

    private static Map<String, String> query(String raw) throws ApiException {
        Map<String, String> values = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            values.putIfAbsent(name, value);
        }
        return values;
    }

    private static String decode(String text) throws ApiException {
        try {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Malformed percent-encoding in '" + text + "'");
        }
    }

    private static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        reply.headers().forEach(exchange.getResponseHeaders()::set);
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(reply.status(), head ? -1 : reply.body().length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply.body());
            }
        }
    }
}
