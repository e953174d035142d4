package io.slotstream.api.security;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small server on loopback that speaks GitHub's OAuth and user API shapes: the authorize redirect,
 * {@code POST /login/oauth/access_token} (client secret over Basic auth, PKCE verifier checked against the
 * challenge), {@code GET /user} (no email, as for a private one) and {@code GET /user/emails}.
 */
final class FakeGitHub implements AutoCloseable {

    static final String CLIENT_ID = "github-client";
    static final String CLIENT_SECRET = "github-secret";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    record User(long id, String login, List<Map<String, Object>> emails) {}

    record Authorization(Map<String, String> query, User user) {}

    private final HttpServer server;
    private volatile User next;
    private final Map<String, Authorization> codes = new ConcurrentHashMap<>();
    private final Map<String, User> tokens = new ConcurrentHashMap<>();
    final List<Map<String, String>> authorizeRequests = new CopyOnWriteArrayList<>();
    final List<Map<String, String>> tokenRequests = new CopyOnWriteArrayList<>();
    final List<String> apiCalls = new CopyOnWriteArrayList<>();

    FakeGitHub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/login/oauth/authorize", this::authorize);
        server.createContext("/login/oauth/access_token", this::token);
        server.createContext("/user", this::user);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The person who will "approve" the next authorization. */
    void willSignIn(User user) {
        next = user;
    }

    static Map<String, Object> email(String address, boolean primary, boolean verified) {
        return Map.of("email", address, "primary", primary, "verified", verified, "visibility", "private");
    }

    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> query = parse(exchange.getRequestURI().getRawQuery());
        authorizeRequests.add(query);
        String code = UUID.randomUUID().toString();
        codes.put(code, new Authorization(query, next));
        String location = query.get("redirect_uri") + "?code=" + code + "&state="
                + java.net.URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form = parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        tokenRequests.add(form);
        String basic = "Basic " + Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        Authorization authorization = codes.remove(String.valueOf(form.get("code")));
        if (!basic.equals(exchange.getRequestHeaders().getFirst("Authorization")) || authorization == null
                || !form.get("redirect_uri").equals(authorization.query().get("redirect_uri"))
                || !challengeOf(form.get("code_verifier")).equals(authorization.query().get("code_challenge"))) {
            // GitHub answers a bad code with 200 and an error body; a 400 is as good for the client
            respond(exchange, 400, Map.of("error", "bad_verification_code"));
            return;
        }
        String token = "gho_" + UUID.randomUUID().toString().replace("-", "");
        tokens.put(token, authorization.user());
        respond(exchange, 200, Map.of("access_token", token, "token_type", "bearer", "scope", "read:user,user:email"));
    }

    private void user(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        apiCalls.add(path);
        String auth = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
        User user = auth.startsWith("Bearer ") ? tokens.get(auth.substring(7)) : null;
        if (user == null) {
            respond(exchange, 401, Map.of("message", "Bad credentials"));
        } else if (path.equals("/user")) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", user.id());
            body.put("login", user.login());
            body.put("name", user.login());
            body.put("email", null);
            respond(exchange, 200, body);
        } else if (path.equals("/user/emails")) {
            respond(exchange, 200, user.emails());
        } else {
            respond(exchange, 404, Map.of("message", "Not Found"));
        }
    }

    private static String challengeOf(String verifier) {
        if (verifier == null) {
            return "";
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    static Map<String, String> parse(String encoded) {
        Map<String, String> values = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return values;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            values.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
