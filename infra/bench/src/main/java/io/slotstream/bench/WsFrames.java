package io.slotstream.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Just enough of RFC 6455 for a client that holds thousands of idle connections: the upgrade request, the check of
 * the server's answer, reading the (unmasked) frames a server sends, and the masked pong a client must answer a ping
 * with. The JDK's WebSocket client keeps buffers, a listener and a demand per connection; this keeps, per connection,
 * only the bytes of a frame that arrived in pieces.
 */
final class WsFrames {

    static final int TEXT = 0x1;
    static final int CONTINUATION = 0x0;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /** What a connection does with the frames it reads. */
    interface Sink {
        void text(byte[] payload, int offset, int length);

        void ping(byte[] payload);

        void close();
    }

    private WsFrames() {}

    static String upgradeRequest(String host, int port, String path, String key, String cookie) {
        return "GET " + path + " HTTP/1.1\r\n"
                + "Host: " + host + ":" + port + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "Cookie: SESSION=" + cookie + "\r\n\r\n";
    }

    /** The {@code Sec-WebSocket-Accept} a server must answer {@code key} with. */
    static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Null when {@code head} (status line and headers) is a valid upgrade for {@code key}, else why not. */
    static String checkUpgrade(String head, String key) {
        if (!head.startsWith("HTTP/1.1 101")) {
            int end = head.indexOf('\r');
            return "upgrade refused: " + (end < 0 ? head : head.substring(0, end));
        }
        String expected = accept(key);
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Sec-WebSocket-Accept")) {
                return line.substring(colon + 1).trim().equals(expected) ? null : "wrong Sec-WebSocket-Accept";
            }
        }
        return "no Sec-WebSocket-Accept";
    }

    /**
     * Reads every complete frame in {@code in} (position to limit) and leaves the position at the first byte of an
     * incomplete one. Fragmented text messages are joined in {@code fragments}, which the caller keeps per
     * connection. Returns the number of frames read.
     */
    static int read(ByteBuffer in, Sink sink, Fragments fragments) {
        int frames = 0;
        while (in.remaining() >= 2) {
            int start = in.position();
            int b0 = in.get() & 0xFF;
            int b1 = in.get() & 0xFF;
            boolean fin = (b0 & 0x80) != 0;
            int opcode = b0 & 0x0F;
            boolean masked = (b1 & 0x80) != 0;
            long length = b1 & 0x7F;
            if (length == 126) {
                if (in.remaining() < 2) {
                    in.position(start);
                    return frames;
                }
                length = in.getShort() & 0xFFFF;
            } else if (length == 127) {
                if (in.remaining() < 8) {
                    in.position(start);
                    return frames;
                }
                length = in.getLong();
            }
            int maskBytes = masked ? 4 : 0;
            if (length > Integer.MAX_VALUE - 16 || in.remaining() < maskBytes + length) {
                in.position(start);
                return frames;
            }
            byte[] mask = new byte[maskBytes];
            in.get(mask);
            byte[] payload = new byte[(int) length];
            in.get(payload);
            for (int i = 0; masked && i < payload.length; i++) {
                payload[i] ^= mask[i & 3];
            }
            frames++;
            switch (opcode) {
                case TEXT, CONTINUATION -> {
                    if (fin && opcode == TEXT && fragments.isEmpty()) {
                        sink.text(payload, 0, payload.length);
                    } else {
                        fragments.add(payload);
                        if (fin) {
                            byte[] whole = fragments.take();
                            sink.text(whole, 0, whole.length);
                        }
                    }
                }
                case PING -> sink.ping(payload);
                case CLOSE -> sink.close();
                default -> {
                    // binary and pong frames: push-service sends none that matter here
                }
            }
        }
        return frames;
    }

    /** A client frame: FIN, the opcode, the mask bit and a mask, as RFC 6455 requires of clients. */
    static ByteBuffer clientFrame(int opcode, byte[] payload, byte[] mask) {
        if (payload.length > 125) {
            throw new IllegalArgumentException("control frames carry at most 125 bytes");
        }
        ByteBuffer out = ByteBuffer.allocate(6 + payload.length);
        out.put((byte) (0x80 | opcode));
        out.put((byte) (0x80 | payload.length));
        out.put(mask);
        for (int i = 0; i < payload.length; i++) {
            out.put((byte) (payload[i] ^ mask[i & 3]));
        }
        return out.flip();
    }

    /** The parts of a fragmented message; empty almost always. */
    static final class Fragments {
        private byte[] joined;

        boolean isEmpty() {
            return joined == null;
        }

        void add(byte[] part) {
            if (joined == null) {
                joined = part;
            } else {
                byte[] both = new byte[joined.length + part.length];
                System.arraycopy(joined, 0, both, 0, joined.length);
                System.arraycopy(part, 0, both, joined.length, part.length);
                joined = both;
            }
        }

        byte[] take() {
            byte[] whole = joined == null ? new byte[0] : joined;
            joined = null;
            return whole;
        }
    }
}
