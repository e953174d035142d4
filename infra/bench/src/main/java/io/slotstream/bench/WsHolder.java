package io.slotstream.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A child JVM of the WebSocket capacity phase ({@link WsCapacity}): holds {@code count} idle WebSocket connections to
 * one push-service, on one selector thread, answering the server's pings. A process may hold at most 20,000 file
 * descriptors on the benchmark machine, so 20,000 connections need the push-service plus two or three of these.
 *
 * <p>Arguments: {@code host port path count watch cookiesFile concurrency}. The first {@code watch} connections
 * write down when each {@code timeslot_created} frame arrives ({@link System#nanoTime()}: CLOCK_MONOTONIC on Linux,
 * one clock for every process of the machine, so the parent can subtract its own readings). Talks to the parent over
 * stdin/stdout, one line each:
 * <ul>
 *   <li>out {@code OPENED <ok> <failed> <millis> <first error or ->} once every connection has opened or failed;</li>
 *   <li>in {@code REPORT}: out {@code A <slotId> <nanos>} per watched arrival, then
 *       {@code STATS <frames> <timeslot_created frames> <closed by server> <pings answered>}, then {@code END};</li>
 *   <li>in {@code QUIT} or the end of stdin (the parent is gone): closes everything and exits.</li>
 * </ul>
 */
public final class WsHolder {

    private static final byte[] TYPE = "\"type\":\"timeslot_created\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SLOT = "\"slotId\":\"".getBytes(StandardCharsets.US_ASCII);

    private final InetSocketAddress address;
    private final String host;
    private final int port;
    private final String path;
    private final List<String> cookies;
    private final int count;
    private final int watch;
    private final int concurrency;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(256 * 1024);
    private final List<String> arrivalSlots = new ArrayList<>();
    private final List<Long> arrivalTimes = new ArrayList<>();
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong created = new AtomicLong();
    private final AtomicLong closedByServer = new AtomicLong();
    private final AtomicLong pings = new AtomicLong();
    private volatile boolean quitting;
    private int ok;
    private int failed;
    private String firstError = "-";

    private WsHolder(String host, int port, String path, int count, int watch, List<String> cookies, int concurrency) {
        this.host = host;
        this.port = port;
        this.path = path;
        this.address = new InetSocketAddress(host, port);
        this.count = count;
        this.watch = watch;
        this.cookies = cookies;
        this.concurrency = concurrency;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 7) {
            System.err.println("usage: WsHolder host port path count watch cookiesFile concurrency");
            System.exit(2);
        }
        List<String> cookies = Files.readAllLines(Path.of(args[5])).stream().filter(l -> !l.isBlank()).toList();
        WsHolder holder = new WsHolder(args[0], Integer.parseInt(args[1]), args[2], Integer.parseInt(args[3]),
                Integer.parseInt(args[4]), cookies, Integer.parseInt(args[6]));
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        Thread commands = new Thread(() -> holder.commands(out), "ws-holder-commands");
        commands.setDaemon(true);
        commands.start();
        holder.run(out);
        System.exit(0);
    }

    private void commands(PrintStream out) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.equals("REPORT")) {
                    synchronized (this) {
                        for (int i = 0; i < arrivalSlots.size(); i++) {
                            out.println("A " + arrivalSlots.get(i) + " " + arrivalTimes.get(i));
                        }
                    }
                    out.println("STATS " + frames.get() + " " + created.get() + " " + closedByServer.get() + " " + pings.get());
                    out.println("END");
                    out.flush();
                } else if (line.equals("QUIT")) {
                    break;
                }
            }
        } catch (IOException gone) {
            // the parent is gone: quit
        }
        quitting = true;
    }

    private void run(PrintStream out) throws IOException {
        long start = System.nanoTime();
        int started = 0;
        int inFlight = 0;
        boolean reported = false;
        try (Selector selector = Selector.open()) {
            while (!quitting) {
                while (started < count && inFlight < concurrency) {
                    Connection c = new Connection(started < watch, cookies.get(started % cookies.size()));
                    started++;
                    inFlight++;
                    try {
                        c.channel = SocketChannel.open();
                        c.channel.configureBlocking(false);
                        c.channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                        if (c.channel.connect(address)) {
                            c.connected(selector);
                        } else {
                            c.channel.register(selector, SelectionKey.OP_CONNECT, c);
                        }
                    } catch (IOException e) {
                        inFlight--;
                        fail(c, e.toString());
                    }
                }
                if (!reported && ok + failed == count) {
                    out.println("OPENED " + ok + " " + failed + " " + (System.nanoTime() - start) / 1_000_000 + " " + firstError.replace(' ', '_'));
                    out.flush();
                    reported = true;
                }
                selector.select(100);
                long now = System.nanoTime();
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    Connection c = (Connection) key.attachment();
                    boolean wasOpen = c.open;
                    try {
                        if (key.isValid() && key.isConnectable()) {
                            c.channel.finishConnect();
                            c.connected(selector);
                        } else if (key.isValid() && key.isReadable()) {
                            c.readable(now);
                        }
                    } catch (IOException | RuntimeException e) {
                        key.cancel();
                        close(c);
                        if (c.open) {
                            c.open = false;
                            closedByServer.incrementAndGet();
                        } else if (!c.failed && !wasOpen) {
                            fail(c, e.toString());
                        }
                    }
                    if (!wasOpen && (c.open || c.failed || !c.channel.isOpen())) {
                        inFlight--;
                    }
                }
            }
            for (SelectionKey key : selector.keys()) {
                close((Connection) key.attachment());
            }
        }
    }

    private void fail(Connection c, String why) {
        c.failed = true;
        failed++;
        if (firstError.equals("-")) {
            firstError = why;
        }
        close(c);
    }

    private static void close(Connection c) {
        try {
            if (c.channel != null) {
                c.channel.close();
            }
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** One connection: its channel, where the handshake is, and the bytes of a frame that arrived in pieces. */
    private final class Connection implements WsFrames.Sink {
        private final boolean watched;
        private final String cookie;
        private final WsFrames.Fragments fragments = new WsFrames.Fragments();
        SocketChannel channel;
        private String key;
        private byte[] carry;
        boolean open;
        boolean failed;
        private long now;

        Connection(boolean watched, String cookie) {
            this.watched = watched;
            this.cookie = cookie;
        }

        void connected(Selector selector) throws IOException {
            byte[] nonce = new byte[16];
            ThreadLocalRandom.current().nextBytes(nonce);
            key = Base64.getEncoder().encodeToString(nonce);
            writeFully(ByteBuffer.wrap(WsFrames.upgradeRequest(host, port, path, key, cookie).getBytes(StandardCharsets.US_ASCII)));
            channel.register(selector, SelectionKey.OP_READ, this);
        }

        void readable(long nanos) throws IOException {
            now = nanos;
            readBuffer.clear();
            if (carry != null) {
                readBuffer.put(carry);
                carry = null;
            }
            int n = channel.read(readBuffer);
            if (n < 0) {
                throw new IOException("closed by the server");
            }
            readBuffer.flip();
            if (!open) {
                int end = headEnd(readBuffer);
                if (end < 0) {
                    keep();
                    return;
                }
                byte[] head = new byte[end];
                readBuffer.get(head);
                readBuffer.position(readBuffer.position() + 4);
                String problem = WsFrames.checkUpgrade(new String(head, StandardCharsets.ISO_8859_1), key);
                if (problem != null) {
                    throw new IllegalStateException(problem);
                }
                open = true;
                ok++;
            }
            frames.addAndGet(WsFrames.read(readBuffer, this, fragments));
            keep();
        }

        private void keep() {
            if (readBuffer.hasRemaining()) {
                carry = new byte[readBuffer.remaining()];
                readBuffer.get(carry);
            }
        }

        @Override
        public void text(byte[] payload, int offset, int length) {
            if (indexOf(payload, TYPE, 0) < 0) {
                return;
            }
            created.incrementAndGet();
            if (watched) {
                int at = indexOf(payload, SLOT, 0);
                if (at >= 0) {
                    int from = at + SLOT.length;
                    int to = from;
                    while (to < length && payload[to] != '"') {
                        to++;
                    }
                    String slot = new String(payload, from, to - from, StandardCharsets.US_ASCII);
                    synchronized (WsHolder.this) {
                        arrivalSlots.add(slot);
                        arrivalTimes.add(now);
                    }
                }
            }
        }

        @Override
        public void ping(byte[] payload) {
            byte[] mask = new byte[4];
            ThreadLocalRandom.current().nextBytes(mask);
            try {
                writeFully(WsFrames.clientFrame(WsFrames.PONG, payload, mask));
                pings.incrementAndGet();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            closedByServer.incrementAndGet();
            open = false;
            WsHolder.close(this);
        }

        /** Small writes to a local socket leave at once; a full send buffer here means the server stopped reading. */
        private void writeFully(ByteBuffer bytes) throws IOException {
            for (int spins = 0; bytes.hasRemaining(); spins++) {
                if (channel.write(bytes) == 0 && spins > 1000) {
                    throw new IOException("the server does not read");
                }
            }
        }
    }

    /** Index of the blank line ending the HTTP head, or -1. */
    static int headEnd(ByteBuffer b) {
        for (int i = b.position(); i + 3 < b.limit(); i++) {
            if (b.get(i) == '\r' && b.get(i + 1) == '\n' && b.get(i + 2) == '\r' && b.get(i + 3) == '\n') {
                return i - b.position();
            }
        }
        return -1;
    }

    static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
