package io.slotstream.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * With {@code --jfr=true}: a JDK Flight Recording (profile settings) of each service JVM and of this one during the
 * rush, started and dumped with {@code jcmd}, so that the services run exactly as without it until then. Read them with
 * {@code jfr print --events jdk.ExecutionSample} or {@code jfr summary}.
 */
final class Profiler {

    private final List<String> names = new ArrayList<>();
    private final List<Long> pids = new ArrayList<>();

    void start(Target target) {
        for (String service : List.of("booking-api", "stream-processor", "push-service")) {
            Optional<ProcessHandle> p = Processes.childRunning(service);
            p.ifPresent(h -> {
                names.add(service);
                pids.add(h.pid());
            });
        }
        names.add("bench");
        pids.add(ProcessHandle.current().pid());
        for (long pid : pids) {
            jcmd(pid, "JFR.start", "name=bench", "settings=profile");
        }
    }

    void dump(Path dir) throws Exception {
        Files.createDirectories(dir);
        for (int i = 0; i < pids.size(); i++) {
            Path file = dir.resolve(names.get(i) + ".jfr").toAbsolutePath();
            jcmd(pids.get(i), "JFR.dump", "name=bench", "filename=" + file);
            jcmd(pids.get(i), "JFR.stop", "name=bench");
        }
        BookingRush.log("flight recordings in %s", dir.toAbsolutePath());
    }

    private static void jcmd(long pid, String... command) {
        Path java = Path.of(ProcessHandle.current().info().command().orElse("java"));
        Path jcmd = java.resolveSibling("jcmd");
        List<String> args = new ArrayList<>(List.of(Files.exists(jcmd) ? jcmd.toString() : "jcmd", Long.toString(pid)));
        args.addAll(List.of(command));
        try {
            Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                BookingRush.log("jcmd %s failed: %s", String.join(" ", command), out.strip());
            }
        } catch (Exception e) {
            BookingRush.log("jcmd %s failed: %s", String.join(" ", command), e);
        }
    }
}
