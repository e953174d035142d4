package io.slotstream.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP proxy on the loopback address that can cut its connections silently, the way a crashed host or a dropped
 * network does: no FIN, no RST, the bytes simply stop arriving. {@link #cut()} turns every open connection into a
 * black hole for good (it reads and discards what the client sends and never answers, and stays open until the
 * client closes it), and so does every connection accepted until {@link #restore()}; connections accepted after
 * that are forwarded again. A client that waits for an answer without a read timeout waits for ever.
 */
public final class BlackholeProxy implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BlackholeProxy.class);

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private volatile boolean cut;
    private volatile String trigger;

    private BlackholeProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon("blackhole-proxy-accept-" + port(), this::acceptLoop);
    }

    /** Starts a proxy to {@code host:port} (a loopback address) on a free loopback port. */
    public static BlackholeProxy to(String host, int port) {
        InetSocketAddress target = new InetSocketAddress(host, port);
        if (target.getAddress() == null || !target.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("only loopback targets: " + host);
        }
        try {
            return new BlackholeProxy(target);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on the loopback address", e);
        }
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** From now on nothing passes: open connections are black holes for good, new ones until {@link #restore()}. */
    public void cut() {
        cut = true;
        links.forEach(Link::blackhole);
        log.info("Proxy :{} cut {} connections silently", port(), links.size());
    }

    /**
     * Cuts everything, as {@link #cut()}, at the moment a client sends bytes containing {@code marker} (ASCII, for
     * example an SQL statement); those bytes are not forwarded either.
     */
    public void cutWhenClientSends(String marker) {
        trigger = marker;
    }

    /** New connections are forwarded again; the ones cut stay cut. */
    public void restore() {
        cut = false;
        log.info("Proxy :{} forwards new connections again", port());
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            log.debug("Closing the listener", e);
        }
        links.forEach(Link::close);
    }

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Link link = new Link(client);
                links.add(link);
                if (cut) {
                    link.blackhole();
                    daemon("blackhole-proxy-sink", () -> link.pump(client, null, true));
                } else {
                    link.connect(target);
                }
            } catch (IOException e) {
                if (!listener.isClosed()) {
                    log.warn("Proxy :{} could not accept or connect", port(), e);
                }
            }
        }
    }

    /** One client connection and, unless it was cut before it got one, its connection to the target. */
    private final class Link {

        private final Socket client;
        private volatile Socket server;
        private volatile boolean blackholed;

        Link(Socket client) {
            this.client = client;
        }

        void connect(InetSocketAddress target) throws IOException {
            Socket upstream = new Socket();
            try {
                upstream.connect(target, 5_000);
            } catch (IOException e) {
                client.close();
                throw e;
            }
            server = upstream;
            daemon("blackhole-proxy-up", () -> pump(client, upstream, true));
            daemon("blackhole-proxy-down", () -> pump(upstream, client, false));
        }

        void blackhole() {
            blackholed = true;
        }

        /**
         * Copies {@code from} to {@code to} until either side closes; once black-holed, reads and drops. What the
         * client sends is matched against the armed trigger first, so the cut can land before a given statement.
         */
        void pump(Socket from, Socket to, boolean fromClient) {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream()) {
                OutputStream out = to == null ? null : to.getOutputStream();
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    String marker = trigger;
                    if (fromClient && marker != null && !blackholed
                            && new String(buffer, 0, read, StandardCharsets.ISO_8859_1).contains(marker)) {
                        trigger = null;
                        log.info("Proxy :{} saw '{}' from a client", port(), marker);
                        cut();
                    }
                    if (!blackholed && out != null) {
                        out.write(buffer, 0, read);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // the other side closed or reset: nothing to report
            }
            if (!blackholed) {
                close();
            }
            // a black-holed connection is never closed from here: its client must find out by itself
        }

        void close() {
            closeQuietly(client);
            if (server != null) {
                closeQuietly(server);
            }
            links.remove(this);
        }

        private void closeQuietly(Socket socket) {
            try {
                socket.close();
            } catch (IOException e) {
                log.debug("Closing a proxied socket", e);
            }
        }
    }
}
