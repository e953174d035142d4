package io.slotstream.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.slotstream.testsupport.FreePorts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The app in a real browser against the whole stack: Debian's Chromium driven by playwright-core runs the journeys
 * in {@code frontend/e2e} (register and book, a booking seen live in another browser, a race for one place, an
 * admin's recurring series appearing live, a dropped connection that resumes, a hold that runs out and goes to the
 * first in the waitlist, a calendar feed) through Debian's nginx running the
 * production configuration of {@code nginx/}, which serves the built app and proxies the API and the WebSocket. Fails when any journey fails; the screenshots are kept in
 * {@code target/e2e-screenshots}.
 */
class BrowserEndToEndIntegrationTests {

    static final Path FRONTEND = Path.of(System.getProperty("slotstream.frontend.dir", "../../frontend")).toAbsolutePath().normalize();
    static final String CHROMIUM = System.getProperty("slotstream.chromium", "/usr/bin/chromium");
    /** The stream processor's hold duration in this stack; the journeys wait for holds to run out. */
    static final int HOLD_SECONDS = 8;
    static final Duration RUN_LIMIT = Duration.ofMinutes(12);

    static RunningStack stack;
    static NginxProcess frontDoor;
    static String baseUrl;

    @BeforeAll
    static void start() throws Exception {
        requireFile(FRONTEND.resolve("dist/slotstream/browser/index.html"), "the built app (the frontend module builds it)");
        requireFile(FRONTEND.resolve("node_modules/playwright-core/package.json"), "playwright-core (npm ci in frontend/)");
        requireFile(Path.of(CHROMIUM), "Chromium (apt-get install -y chromium)");
        Path nginxBinary = NginxProcess.requireBinary();
        int port = FreePorts.pick();
        baseUrl = "http://localhost:" + port;
        // holds last seconds, not minutes, so that the journey of a hold running out and the waitlist taking over is short
        stack = RunningStack.start("browser-e2e", baseUrl + ",http://127.0.0.1:" + port,
                Map.of("slotstream.processor.hold-duration", "PT" + HOLD_SECONDS + "S"));
        // the production nginx configuration in front: the app, /api and /ws all on one origin
        frontDoor = NginxProcess.start(nginxBinary, new NginxProcess.Site(port, List.of(stack.api.port()),
                        List.of(stack.push.port()), FRONTEND.resolve("dist/slotstream/browser")),
                Files.createTempDirectory("e2e-nginx"), Duration.ofSeconds(20));
        HttpResponse<String> index = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(index.body()).contains("<app-root>");
    }

    @AfterAll
    static void stop() {
        if (frontDoor != null) {
            frontDoor.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void everyJourneyPassesInChromium() throws Exception {
        Path screenshots = Path.of("target", "e2e-screenshots").toAbsolutePath();
        Files.createDirectories(screenshots);
        ProcessBuilder builder = new ProcessBuilder("node", "e2e/run-all.mjs").directory(FRONTEND.toFile()).redirectErrorStream(true);
        builder.environment().put("BASE_URL", baseUrl);
        builder.environment().put("ADMIN_USERNAME", "admin");
        builder.environment().put("ADMIN_PASSWORD", RunningStack.ADMIN_PASSWORD);
        builder.environment().put("SCREENSHOT_DIR", screenshots.toString());
        builder.environment().put("CHROMIUM", CHROMIUM);
        builder.environment().put("HOLD_SECONDS", Integer.toString(HOLD_SECONDS));
        Process run = builder.start();
        List<String> output = new ArrayList<>();
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(run.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    System.out.println("[e2e] " + line);
                    output.add(line);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        boolean finished = run.waitFor(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS);
        if (!finished) {
            run.destroyForcibly();
        }
        reader.get(30, TimeUnit.SECONDS);
        assertThat(finished).as("the journeys finished within %s", RUN_LIMIT).isTrue();
        String summary = output.stream().filter(line -> line.startsWith("E2E-RESULT ")).findFirst().orElse("");
        assertThat(run.exitValue()).as("journeys failed:%n%s", String.join("\n", output)).isZero();
        // the six journeys of the calendar, the hold that expires and goes to the first waiter, the calendar feed
        assertThat(summary).contains("\"failed\":0").contains("\"passed\":8")
                .contains("\"name\":\"holdExpiresAndWaiterGetsPlace\",\"ok\":true")
                .contains("\"name\":\"calendarFeed\",\"ok\":true");
        assertThat(screenshots.resolve("calendar-week.png")).exists();
        assertThat(screenshots.resolve("booking-rejected.png")).exists();
        assertThat(screenshots.resolve("admin-panel.png")).exists();
    }

    private static void requireFile(Path path, String what) {
        if (!Files.exists(path)) {
            throw new IllegalStateException("Missing " + what + ": " + path);
        }
    }
}
