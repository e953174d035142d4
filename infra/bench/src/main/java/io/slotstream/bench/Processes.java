package io.slotstream.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Predicate;

/** Finds processes by their command line, read from {@code /proc/<pid>/cmdline}. */
final class Processes {

    private Processes() {}

    static String commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"));
            return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').trim();
        } catch (IOException | RuntimeException gone) {
            return "";
        }
    }

    /** The oldest process whose command line matches. */
    static Optional<ProcessHandle> find(Predicate<String> commandLine) {
        return ProcessHandle.allProcesses()
                .filter(p -> commandLine.test(commandLine(p.pid())))
                .min(java.util.Comparator.comparingLong(ProcessHandle::pid));
    }

    /** A child of this JVM running the given jar. */
    static Optional<ProcessHandle> childRunning(String jarName) {
        return ProcessHandle.current().children().filter(p -> commandLine(p.pid()).contains(jarName)).findFirst();
    }
}
