package io.slotstream.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports for servers that bind them later, sometimes minutes later on a busy machine. They are drawn
 * below Linux's ephemeral range (32768 and up), because a port the kernel handed out for "any free port" is one
 * it will also hand to the next outgoing connection, which then holds it when the service finally binds.
 */
public final class LoopbackPorts {

    static final int LOWEST = 20000;
    static final int HIGHEST = 32000;

    private LoopbackPorts() {}

    public static int pick() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, HIGHEST);
            if (isFree(port)) {
                return port;
            }
        }
        throw new UncheckedIOException(new IOException("no free loopback port between " + LOWEST + " and " + HIGHEST));
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
