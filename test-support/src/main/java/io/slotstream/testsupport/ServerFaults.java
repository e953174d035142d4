package io.slotstream.testsupport;

import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Breaks and mends the embedded servers in place, for fault tests: the same data directory, the same port, so the
 * services see an outage and a recovery rather than a new server.
 */
public final class ServerFaults {

    private static final Logger log = LoggerFactory.getLogger(ServerFaults.class);

    private ServerFaults() {}

    /** The embedded servers of this JVM, or null when the tests run against containers (no in-place faults there). */
    public static EmbeddedServers embeddedOrNull() {
        return SharedServers.get() instanceof EmbeddedServers embedded ? embedded : null;
    }

    /**
     * A PostgreSQL server stopped as by a crash ({@code pg_ctl stop -m immediate}: no shutdown checkpoint, every
     * connection dropped at once), to be started again on the same data directory and port with {@link #restart()}.
     */
    public record PostgresCrash(Path binaries, Path dataDirectory, List<String> serverOptions) {

        /**
         * Starts the server again with the options it had, and waits until it accepts connections (crash recovery
         * replays the WAL first).
         */
        public void restart() {
            List<String> command = new ArrayList<>(List.of(binaries.resolve("pg_ctl").toString(),
                    "-D", dataDirectory.toString(), "-w", "-t", "120",
                    // in the data directory, so that it goes when the embedded server's directory is cleaned up
                    "-l", dataDirectory.resolve("restart.log").toString(),
                    "-o", serverOptions.stream().map(option -> "\"" + option + "\"").collect(Collectors.joining(" ")),
                    "start"));
            run(command);
            log.info("PostgreSQL started again on {}", dataDirectory);
        }
    }

    /**
     * Stops the embedded PostgreSQL server at once, as a crash would ({@code pg_ctl stop -m immediate}). The data
     * directory and port stay; {@link PostgresCrash#restart()} starts it again. The tests' server runs with
     * {@code synchronous_commit=off}, so commits of the last few hundred milliseconds may be lost, as with that
     * setting in production.
     */
    public static PostgresCrash crashPostgres(EmbeddedServers servers) {
        Path dataDirectory;
        try (Connection connection = servers.postgres().getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement();
                var result = statement.executeQuery("show data_directory")) {
            result.next();
            dataDirectory = Path.of(result.getString(1));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot find PostgreSQL's data directory", e);
        }
        // the command line the server was started with: "<bin>/postgres" "-D" "<dir>" "-p" "<port>" ...
        List<String> commandLine = new ArrayList<>();
        try {
            Matcher token = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"|(\\S+)")
                    .matcher(Files.readString(dataDirectory.resolve("postmaster.opts")).strip());
            while (token.find()) {
                commandLine.add(token.group(1) != null ? token.group(1) : token.group(2));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path binaries = Path.of(commandLine.get(0)).getParent();
        List<String> options = new ArrayList<>();
        for (int i = 1; i < commandLine.size(); i++) {
            if (commandLine.get(i).equals("-D")) {
                i++; // pg_ctl passes the data directory itself
            } else {
                options.add(commandLine.get(i));
            }
        }
        run(List.of(binaries.resolve("pg_ctl").toString(), "-D", dataDirectory.toString(), "-m", "immediate", "-w", "stop"));
        log.info("PostgreSQL stopped immediately (as a crash) on {}", dataDirectory);
        return new PostgresCrash(binaries, dataDirectory, List.copyOf(options));
    }

    /**
     * Runs a PostgreSQL command line and waits for it. As root, PostgreSQL's programs refuse to run; zonky's
     * embedded PostgreSQL then starts them in a new user namespace ({@code unshare -U}), where root is an unmapped
     * user that owns the data directory, and so do we.
     */
    private static void run(List<String> pgCommand) {
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(pgCommand);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(150, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
    }

    /** Stops Redis without saving (it keeps nothing on disk in tests: it comes back empty). */
    public static void stopRedis(EmbeddedServers servers) {
        try {
            servers.redis().stop();
            log.info("Redis stopped");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts Redis again on the same port. */
    public static void startRedis(EmbeddedServers servers) {
        try {
            servers.redis().start();
            log.info("Redis started again");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Shuts the Kafka broker down in place; the KRaft controller keeps running. Clients see the broker go away and
     * come back on the same port with the same log directory when {@link #startKafkaBroker} is called.
     */
    public static void stopKafkaBroker(EmbeddedServers servers) {
        servers.kafka().getCluster().brokers().values().forEach(broker -> broker.shutdown());
        log.info("Kafka broker stopped");
    }

    /** Starts the stopped broker again on the same port and log directory. */
    public static void startKafkaBroker(EmbeddedServers servers) {
        servers.kafka().getCluster().brokers().values().forEach(broker -> broker.startup());
        log.info("Kafka broker started again");
    }
}
