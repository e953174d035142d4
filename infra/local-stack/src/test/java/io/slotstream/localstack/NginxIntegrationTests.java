package io.slotstream.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slotstream.testsupport.ApiClient;
import io.slotstream.testsupport.ApiClient.Answer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Debian's nginx with the real {@code nginx/} configuration in front of two booking-api and two push-service
 * instances: a person signs up, an admin opens a slot, the person books it over {@code /api} and hears about it
 * over {@code /ws}, all through nginx; plus the routing, headers, caching, limits and the 429s. Fails (does not
 * skip) when nginx is not installed: CI installs it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NginxIntegrationTests {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String HASHED_SCRIPT = "main-ABCD2345.js";
    static final String INDEX = "<!doctype html><html><head><title>Slotstream test page</title></head>"
            + "<body><app-root></app-root><script src=\"" + HASHED_SCRIPT + "\" type=\"module\"></script></body></html>";

    static RunningStack stack;
    static NginxProcess nginx;
    static String base;
    static ApiClient admin;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws IOException {
        Path nginxBinary = NginxProcess.requireBinary();
        Path work = Files.createTempDirectory("nginx-it");
        // a stand-in for the Angular build: an index.html and one hashed, compressible script
        Path staticRoot = Files.createDirectories(work.resolve("browser"));
        Files.writeString(staticRoot.resolve("index.html"), INDEX);
        Files.writeString(staticRoot.resolve(HASHED_SCRIPT), "console.log('slotstream');\n".repeat(200));
        int port = LoopbackPorts.pick();
        String origins = "http://127.0.0.1:" + port + ",http://localhost:" + port;
        stack = RunningStack.start("nginx", 2, 2, origins);
        nginx = NginxProcess.start(nginxBinary, new NginxProcess.Site(port,
                        stack.apis.stream().map(ServiceProcess::port).toList(),
                        stack.pushes.stream().map(ServiceProcess::port).toList(), staticRoot),
                work.resolve("nginx"), Duration.ofSeconds(20));
        base = "http://127.0.0.1:" + port;
        admin = new ApiClient(base);
        Answer signedIn = admin.signIn("admin", RunningStack.ADMIN_PASSWORD);
        assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        if (nginx != null) {
            nginx.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void signUpBookOverApiAndHearItOverTheWebSocketThroughNginx() throws Exception {
        String username = "viaNginx" + UUID.randomUUID().toString().substring(0, 6);
        ApiClient person = new ApiClient(base);
        Answer registered = person.register(username, "nginx password 1");
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);

        // two connections, so that round robin sends one to each push-service instance
        Frames first = connect(person, base);
        Frames second = connect(person, base);
        await().atMost(Duration.ofSeconds(60)).until(() -> first.has("welcome") && second.has("welcome"));

        UUID slot = BookingRaceIntegrationTests.createSlots(admin, 1, 1).get(0);
        await().atMost(Duration.ofSeconds(90)).until(() -> first.about("timeslot_created", slot) && second.about("timeslot_created", slot));

        Answer booked = person.post("/api/bookings", Map.of("slotId", slot.toString()));
        assertThat(booked.status()).as(booked.body()).isEqualTo(202);
        String bookingId = booked.json().get("id").asString();
        await().atMost(Duration.ofSeconds(90)).until(() -> first.about("booking_confirmed", slot) && second.about("booking_confirmed", slot)
                && first.about("availability_changed", slot) && second.about("availability_changed", slot));
        assertThat(first.of("booking_confirmed").get(0).get("data").get("bookingId").asString()).isEqualTo(bookingId);
        Answer mine = person.get("/api/user/bookings");
        assertThat(mine.status()).isEqualTo(200);
        assertThat(mine.body()).contains(bookingId).contains("CONFIRMED");
        first.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        second.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);

        // nginx spread the work over every instance: its access log names the upstream of each request
        List<String> apiPorts = stack.apis.stream().map(s -> "127.0.0.1:" + s.port()).toList();
        List<String> pushPorts = stack.pushes.stream().map(s -> "127.0.0.1:" + s.port()).toList();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String accessLog = Files.readString(nginx.runDirectory().resolve("logs/access.log"));
            assertThat(apiPorts).allSatisfy(upstream -> assertThat(accessLog).contains(" " + upstream + " "));
            assertThat(accessLog.lines().filter(line -> line.contains("\"GET /ws HTTP/1.1\" 101")).toList())
                    .hasSize(2)
                    .anySatisfy(line -> assertThat(line).contains(pushPorts.get(0)))
                    .anySatisfy(line -> assertThat(line).contains(pushPorts.get(1)));
        });
    }

    @Test
    @Order(2)
    void theWebSocketRefusesAPageFromAnotherOriginAndAnAnonymousVisitor() throws Exception {
        ApiClient person = new ApiClient(base);
        assertThat(person.register("origin" + UUID.randomUUID().toString().substring(0, 6), "nginx password 2").status()).isEqualTo(201);
        assertThat(handshakeStatus(person.cookie("SESSION"), "http://evil.example")).isEqualTo(403);
        assertThat(handshakeStatus(null, base)).isEqualTo(401);
    }

    @Test
    @Order(3)
    void routesApiOauthAndApiDocsToBookingApiAndKeepsActuatorPrivate() throws Exception {
        HttpResponse<String> categories = get("/api/categories", Map.of());
        assertThat(categories.statusCode()).isEqualTo(200);
        assertThat(categories.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(JSON.readTree(categories.body()).isArray()).isTrue();

        HttpResponse<String> apiDocs = get("/v3/api-docs", Map.of());
        assertThat(apiDocs.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(apiDocs.body()).get("openapi").asString()).startsWith("3.");

        // answered by booking-api (Spring), not by the single-page app's fallback
        for (String path : List.of("/oauth2/authorization/nobody", "/login/oauth2/code/nobody")) {
            HttpResponse<String> oauth = get(path, Map.of());
            assertThat(oauth.body()).as(path).doesNotContain("Slotstream test page");
            assertThat(oauth.statusCode()).as(path).isNotEqualTo(502).isNotEqualTo(503);
        }

        for (String path : List.of("/actuator/health", "/actuator/prometheus", "/actuator")) {
            HttpResponse<String> actuator = get(path, Map.of());
            assertThat(actuator.statusCode()).as(path).isEqualTo(404);
            assertThat(actuator.body()).doesNotContain("UP").doesNotContain("jvm_");
        }
        // the same endpoints answer on the service's own port, where probes and scrapers reach them
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.api.port() + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(4)
    void servesTheAppWithSecurityHeadersFallbackCachingAndGzip() throws Exception {
        HttpResponse<String> index = get("/", Map.of());
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.body()).isEqualTo(INDEX);
        assertThat(index.headers().firstValue("cache-control")).hasValue("no-cache");
        String csp = index.headers().firstValue("content-security-policy").orElseThrow();
        assertThat(csp).contains("default-src 'self'", "script-src 'self';", "style-src 'self' 'unsafe-inline'",
                "frame-ancestors 'none'", "connect-src 'self' ws://127.0.0.1:" + nginx.port()).doesNotContain("unsafe-eval");
        assertThat(index.headers().firstValue("x-content-type-options")).hasValue("nosniff");
        assertThat(index.headers().firstValue("referrer-policy")).hasValue("strict-origin-when-cross-origin");
        assertThat(index.headers().firstValue("x-frame-options")).hasValue("DENY");

        // a route of the app, deep-linked: the app's page, never cached
        HttpResponse<String> route = get("/calendar/2026-12-01", Map.of());
        assertThat(route.statusCode()).isEqualTo(200);
        assertThat(route.body()).isEqualTo(INDEX);
        assertThat(route.headers().firstValue("cache-control")).hasValue("no-cache");
        assertThat(route.headers().firstValue("content-security-policy")).hasValue(csp);

        HttpResponse<String> script = get("/" + HASHED_SCRIPT, Map.of());
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("cache-control")).hasValue("public, max-age=31536000, immutable");
        assertThat(script.headers().firstValue("x-content-type-options")).hasValue("nosniff");
        assertThat(script.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).contains("javascript"));

        HttpResponse<byte[]> zipped = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/" + HASHED_SCRIPT))
                .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(zipped.headers().firstValue("content-encoding")).hasValue("gzip");
        assertThat(zipped.headers().firstValue("vary")).hasValueSatisfying(v -> assertThat(v).containsIgnoringCase("accept-encoding"));
        assertThat(zipped.body().length).isLessThan(script.body().length() / 4);
        assertThat(new String(new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(zipped.body())).readAllBytes()))
                .isEqualTo(script.body());

        // a missing asset is a 404, not the app's page
        HttpResponse<String> missing = get("/chunk-ZZZZ9999.js", Map.of());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).doesNotContain("Slotstream test page");
        assertThat(get("/.env", Map.of()).statusCode()).isEqualTo(404);

        // headers on proxied API answers too
        HttpResponse<String> api = get("/api/categories", Map.of());
        assertThat(api.headers().firstValue("x-content-type-options")).hasValue("nosniff");
        // booking-api sets its own, stricter policy for JSON answers; browsers enforce every policy they get
        assertThat(api.headers().allValues("content-security-policy"))
                .anySatisfy(policy -> assertThat(policy).contains("default-src 'none'").contains("frame-ancestors 'none'"));
    }

    @Test
    @Order(5)
    void aBodyOverTheLimitIsRefusedWith413ProblemJson() {
        ApiClient person = new ApiClient(base);
        String huge = "{\"slotId\":\"" + "x".repeat(300 * 1024) + "\"}";
        Answer answer = person.sendRaw("POST", "/api/bookings", huge, Map.of());
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("status").asInt()).isEqualTo(413);
    }

    @Test
    @Order(6)
    void bookingRequestsBeyondTheRateAreAnswered429() throws Exception {
        ApiClient person = new ApiClient(base);
        assertThat(person.register("burst" + UUID.randomUUID().toString().substring(0, 6), "nginx password 3").status()).isEqualTo(201);
        // 30 at once from one session: well past the burst of 10, however slow the machine
        ExecutorService pool = Executors.newFixedThreadPool(30);
        List<Future<Answer>> sent = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            // an unknown slot: booking-api answers 404 without touching the pipeline
            sent.add(pool.submit(() -> person.post("/api/bookings", Map.of("slotId", UUID.randomUUID().toString()))));
        }
        List<Answer> answers = new ArrayList<>();
        for (Future<Answer> answer : sent) {
            answers.add(answer.get(90, TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertThat(answers).anySatisfy(a -> assertThat(a.status()).isNotEqualTo(429));
        List<Answer> limited = answers.stream().filter(a -> a.status() == 429).toList();
        assertThat(limited).isNotEmpty();
        assertThat(limited).allSatisfy(a -> {
            assertThat(a.contentType()).startsWith("application/problem+json");
            assertThat(a.json().get("status").asInt()).isEqualTo(429);
            assertThat(a.header("retry-after")).isNotNull();
        });
        // only POSTs count: other methods on the same path pass straight to booking-api
        for (int i = 0; i < 20; i++) {
            assertThat(person.get("/api/bookings").status()).isNotEqualTo(429);
        }
    }

    @Test
    @Order(7) // last: it uses up this address's sign-in allowance
    void passwordGuessingIsAnswered429AfterABurst() {
        ApiClient guesser = new ApiClient(base);
        List<Integer> statuses = new ArrayList<>();
        Answer last = null;
        // a new login name per guess: booking-api's own per-account limit (10 failures) would otherwise answer 429
        // at the same try, and it would lock out the admin of the other tests, which share this Redis
        for (int i = 0; i < 25 && (last == null || last.status() != 429); i++) {
            last = guesser.signIn("guess-" + UUID.randomUUID(), "wrong guess " + i);
            statuses.add(last.status());
        }
        // booking-api answered the first tries itself (wrong password), then nginx stopped the script
        assertThat(statuses.get(0)).isEqualTo(401);
        assertThat(statuses).contains(429);
        // a full burst of 10 on top of the first request, plus one more per 6 s the attempts took on a slow machine
        assertThat(statuses.indexOf(429)).isBetween(9, 16);
        assertThat(last.contentType()).startsWith("application/problem+json");
        assertThat(last.json().get("title").asString()).isEqualTo("Too Many Requests");
        assertThat(last.header("retry-after")).isEqualTo("6");
        // only POSTs count: the rest of the API still answers this address
        assertThat(guesser.get("/api/categories").status()).isEqualTo(200);
    }

    static HttpResponse<String> get(String path, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static int handshakeStatus(String session, String origin) throws InterruptedException {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().header("Origin", origin);
        if (session != null) {
            builder.header("Cookie", "SESSION=" + session);
        }
        try {
            WebSocket socket = builder.buildAsync(URI.create(base.replace("http:", "ws:") + "/ws"), new Frames()).get(10, TimeUnit.SECONDS);
            socket.abort();
            return 101;
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw new AssertionError("handshake failed without an HTTP answer", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no handshake answer", e);
        }
    }

    static Frames connect(ApiClient person, String pageOrigin) throws Exception {
        Frames frames = new Frames();
        frames.socket = HTTP.newWebSocketBuilder()
                .header("Cookie", "SESSION=" + person.cookie("SESSION"))
                .header("Origin", pageOrigin)
                .buildAsync(URI.create(base.replace("http:", "ws:") + "/ws"), frames)
                .get(10, TimeUnit.SECONDS);
        return frames;
    }

    /** The frames one WebSocket received. */
    static final class Frames implements WebSocket.Listener {
        final List<JsonNode> frames = new CopyOnWriteArrayList<>();
        private final StringBuilder partial = new StringBuilder();
        WebSocket socket;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(JSON.readTree(partial.toString()));
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        boolean has(String type) {
            return !of(type).isEmpty();
        }

        List<JsonNode> of(String type) {
            return frames.stream().filter(f -> type.equals(f.path("type").asString())).toList();
        }

        boolean about(String type, UUID slot) {
            return of(type).stream().anyMatch(f -> slot.toString().equals(f.path("data").path("slotId").asString()));
        }
    }
}
