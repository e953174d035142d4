package io.slotstream.push;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A browser-like WebSocket client (java.net.http) that keeps every frame it got. */
final class WsClient implements WebSocket.Listener, AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    final List<String> raw = new CopyOnWriteArrayList<>();
    final List<JsonNode> frames = new CopyOnWriteArrayList<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    WebSocket socket;

    static WsClient connect(String url, String sessionCookie, String origin) throws Exception {
        WsClient client = new WsClient();
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (sessionCookie != null) {
            builder.header("Cookie", "SESSION=" + sessionCookie);
        }
        if (origin != null) {
            builder.header("Origin", origin);
        }
        client.socket = builder.buildAsync(URI.create(url), client).get(10, TimeUnit.SECONDS);
        return client;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            raw.add(text);
            frames.add(JSON.readTree(text));
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(-1);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        webSocket.request(1);
        return null;
    }

    List<JsonNode> ofType(String type) {
        return frames.stream().filter(f -> type.equals(f.path("type").asString())).toList();
    }

    List<JsonNode> matching(Predicate<JsonNode> filter) {
        return frames.stream().filter(filter).toList();
    }

    JsonNode first() {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !frames.isEmpty());
        return frames.get(0);
    }

    void awaitCount(Predicate<JsonNode> filter, int count) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> matching(filter).size() >= count);
    }

    List<Long> seqs(Predicate<JsonNode> filter) {
        List<Long> seqs = new ArrayList<>();
        matching(filter).forEach(f -> seqs.add(f.get("seq").asLong()));
        return seqs;
    }

    void send(String text) {
        socket.sendText(text, true).join();
    }

    @Override
    public void close() {
        if (socket != null && !socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
        }
        if (socket != null) {
            socket.abort();
        }
    }
}
