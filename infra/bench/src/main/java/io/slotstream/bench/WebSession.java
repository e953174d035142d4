package io.slotstream.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * One person's browser session on booking-api: the cookies (SESSION, XSRF-TOKEN) kept by hand so that thousands of
 * people share one {@link HttpClient} and its connections, and the XSRF token sent back in the header as the
 * single-page app does.
 */
public final class WebSession {

    private final HttpClient http;
    private final URI base;
    private final Map<String, String> cookies = new ConcurrentHashMap<>();
    private volatile @Nullable String userId;

    public WebSession(HttpClient http, String baseUrl) {
        this.http = http;
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
    }

    public record Answer(int status, String body) {}

    public Answer get(String path) {
        return send(request(path).GET().build());
    }

    public Answer post(String path, String json, Map<String, String> headers) {
        if (cookies.get("XSRF-TOKEN") == null) {
            get("/api/auth/csrf");
        }
        HttpRequest.Builder builder = request(path).POST(HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(builder::header);
        return send(builder.build());
    }

    /** A prepared POST, so that the load loop does no work but the send. */
    public HttpRequest postRequest(String path, String json, Map<String, String> headers) {
        HttpRequest.Builder builder = request(path).POST(HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(builder::header);
        return builder.build();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, application/problem+json");
        if (!cookies.isEmpty()) {
            builder.header("Cookie", cookieHeader());
        }
        String xsrf = cookies.get("XSRF-TOKEN");
        if (xsrf != null) {
            builder.header("X-XSRF-TOKEN", xsrf);
        }
        return builder;
    }

    public Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            remember(response);
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void remember(HttpResponse<?> response) {
        for (String header : response.headers().allValues("set-cookie")) {
            String pair = header.split(";", 2)[0];
            int eq = pair.indexOf('=');
            if (eq > 0) {
                String name = pair.substring(0, eq).trim();
                String value = pair.substring(eq + 1).trim();
                if (value.isEmpty()) {
                    cookies.remove(name);
                } else {
                    cookies.put(name, value);
                }
            }
        }
    }

    public String cookieHeader() {
        return cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; "));
    }

    public @Nullable String cookie(String name) {
        return cookies.get(name);
    }

    public @Nullable String userId() {
        return userId;
    }

    void userId(String id) {
        this.userId = id;
    }
}
