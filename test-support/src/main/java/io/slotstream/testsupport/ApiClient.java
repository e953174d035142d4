package io.slotstream.testsupport;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An HTTP client that behaves like the single-page app: it keeps the session cookie, reads the XSRF-TOKEN cookie
 * and sends it back in the X-XSRF-TOKEN header. One instance is one browser.
 */
public final class ApiClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI base;
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient http;

    public ApiClient(String baseUrl) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
        this.http = HttpClient.newBuilder()
                .cookieHandler(cookies)
                .connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** An answer: status, headers, and the body parsed as JSON when it is JSON. */
    public record Answer(int status, Map<String, String> headers, String body) {
        public JsonNode json() {
            return JSON.readTree(body);
        }

        public @Nullable String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }

        public String contentType() {
            String type = header("content-type");
            return type == null ? "" : type;
        }
    }

    public Answer get(String path) {
        return send("GET", path, null, Map.of());
    }

    public Answer post(String path, @Nullable Object body) {
        return send("POST", path, body, Map.of());
    }

    public Answer post(String path, @Nullable Object body, Map<String, String> headers) {
        return send("POST", path, body, headers);
    }

    public Answer put(String path, @Nullable Object body) {
        return send("PUT", path, body, Map.of());
    }

    public Answer delete(String path) {
        return send("DELETE", path, null, Map.of());
    }

    /** Sends a raw body as it is, for tests of malformed input. */
    public Answer sendRaw(String method, String path, String rawBody, Map<String, String> headers) {
        return exchange(method, path, HttpRequest.BodyPublishers.ofString(rawBody), headers);
    }

    public Answer send(String method, String path, @Nullable Object body, Map<String, String> headers) {
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body));
        return exchange(method, path, publisher, headers);
    }

    private Answer exchange(String method, String path, HttpRequest.BodyPublisher body, Map<String, String> headers) {
        if (!"GET".equals(method) && csrfToken() == null) {
            get("/api/auth/csrf");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, application/problem+json");
        String token = csrfToken();
        if (token != null && !headers.containsKey("X-XSRF-TOKEN")) {
            request.header("X-XSRF-TOKEN", token);
        }
        headers.forEach(request::setHeader);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            Map<String, String> flat = new LinkedHashMap<>();
            response.headers().map().forEach((name, values) -> flat.put(name.toLowerCase(java.util.Locale.ROOT), String.join(",", values)));
            return new Answer(response.statusCode(), flat, response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public @Nullable String csrfToken() {
        return cookie("XSRF-TOKEN");
    }

    public @Nullable String cookie(String name) {
        return cookies.getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals(name))
                .map(HttpCookie::getValue)
                .findFirst()
                .orElse(null);
    }

    /** Registers an account and stays signed in as it. */
    public Answer register(String username, String password) {
        return post("/api/auth/register", Map.of("username", username, "email", username + "@example.test", "password", password));
    }

    public Answer signIn(String username, String password) {
        return post("/api/auth/login", Map.of("username", username, "password", password));
    }
}
