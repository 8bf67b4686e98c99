package io.switchboard.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A deliberately naive RFC 6455 client over a plain {@link Socket}, for tests that need to send
 * what a well-behaved WebSocket library never would: reserved opcodes, RSV bits, unmasked frames,
 * bad close codes, oversized control frames, hand-made fragmentation.
 *
 * <p>It does nothing behind the test's back: it never answers a ping or a close frame by itself
 * (call {@link #sendPong} or {@link #sendClose}), and it never reads unless asked. Every read waits
 * at most {@link #readTimeout()} (20 s by default). Not thread-safe.
 */
public final class RawWebSocket implements AutoCloseable {

    public static final int CONTINUATION = 0x0;
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    /** RSV bits, to combine with {@code |} in {@link #sendFrame}. */
    public static final int RSV1 = 0b100;
    public static final int RSV2 = 0b010;
    public static final int RSV3 = 0b001;

    /** Close code for a close frame without a payload (RFC 6455 7.1.5: "no status received"). */
    public static final int NO_STATUS = 1005;

    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(20);

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final Handshake handshake;

    private RawWebSocket(Socket socket, DataInputStream in, OutputStream out, Handshake handshake) {
        this.socket = socket;
        this.in = in;
        this.out = out;
        this.handshake = handshake;
    }

    // ---------------------------------------------------------------- connecting

    /** Connects to a {@code ws://} URI offering {@code subprotocols}, logged in as the demo user alice. */
    public static RawWebSocket connect(URI ws, List<String> subprotocols) {
        return connect(ws.getHost(), ws.getPort(), ws.getRawPath(), subprotocols,
                Login.shared(ws, "alice").headers());
    }

    /**
     * Opens a TCP connection and performs the HTTP/1.1 upgrade; fails unless the server answers 101
     * with the right {@code Sec-WebSocket-Accept}.
     *
     * @param extraHeaders added to the request; one named like a default header (case-insensitive)
     *                     replaces it, and a {@code null} value removes it.
     */
    public static RawWebSocket connect(String host, int port, String path, List<String> subprotocols,
                                       Map<String, String> extraHeaders) {
        return connect(host, port, path, subprotocols, extraHeaders, 0);
    }

    /**
     * As {@link #connect(String, int, String, List, Map)}, with the socket's receive buffer set to
     * {@code receiveBufferBytes} before connecting (so that it applies to the TCP window) when
     * positive: a client that then stops reading becomes a slow consumer quickly.
     */
    public static RawWebSocket connect(String host, int port, String path, List<String> subprotocols,
                                       Map<String, String> extraHeaders, int receiveBufferBytes) {
        return connect(new Socket(), host, port, path, subprotocols, extraHeaders, receiveBufferBytes);
    }

    /**
     * As {@link #connect(String, int, String, List, Map, int)}, over {@code socket} (not yet
     * connected): an {@code SSLSocket} for a {@code wss://} endpoint.
     */
    public static RawWebSocket connect(Socket socket, String host, int port, String path, List<String> subprotocols,
                                       Map<String, String> extraHeaders, int receiveBufferBytes) {
        try {
            if (receiveBufferBytes > 0) {
                socket.setReceiveBufferSize(receiveBufferBytes);
            }
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) DEFAULT_READ_TIMEOUT.toMillis());
            socket.connect(new InetSocketAddress(host, port), (int) DEFAULT_READ_TIMEOUT.toMillis());
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            OutputStream out = socket.getOutputStream();
            String key = randomKey();
            writeRequest(out, host, port, path, key, subprotocols, extraHeaders);
            Handshake handshake = readResponse(in);
            if (handshake.status() != 101) {
                throw new IllegalStateException("upgrade refused: " + handshake.statusLine());
            }
            String accept = handshake.header("Sec-WebSocket-Accept");
            if (!acceptFor(key).equals(accept)) {
                throw new IllegalStateException("bad Sec-WebSocket-Accept " + accept + " for key " + key);
            }
            return new RawWebSocket(socket, in, out, handshake);
        } catch (IOException | RuntimeException e) {
            closeQuietly(socket);
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot connect to " + host + ":" + port + path, io);
            }
            throw (RuntimeException) e;
        }
    }

    /**
     * Sends an upgrade request and returns the server's answer, whatever its status, then closes
     * the connection. For tests of refused handshakes (403, 503...).
     */
    public static Handshake handshakeOnly(String host, int port, String path, List<String> subprotocols,
                                          Map<String, String> extraHeaders) {
        try (Socket socket = new Socket()) {
            socket.setSoTimeout((int) DEFAULT_READ_TIMEOUT.toMillis());
            socket.connect(new InetSocketAddress(host, port), (int) DEFAULT_READ_TIMEOUT.toMillis());
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            writeRequest(socket.getOutputStream(), host, port, path, randomKey(), subprotocols, extraHeaders);
            return readResponse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("handshake with " + host + ":" + port + path + " failed", e);
        }
    }

    /** The HTTP status the server answers an upgrade request with (101 when it accepts). */
    public static int handshakeStatus(String host, int port, String path, List<String> subprotocols,
                                      Map<String, String> extraHeaders) {
        return handshakeOnly(host, port, path, subprotocols, extraHeaders).status();
    }

    public static int handshakeStatus(URI ws, List<String> subprotocols) {
        return handshakeStatus(ws.getHost(), ws.getPort(), ws.getRawPath(), subprotocols, Map.of());
    }

    /** The server's answer to the upgrade request. */
    public Handshake handshake() {
        return handshake;
    }

    public Duration readTimeout() {
        try {
            return Duration.ofMillis(socket.getSoTimeout());
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The socket's receive buffer as the kernel reports it (Linux reports twice what was asked). */
    public int receiveBufferSize() {
        try {
            return socket.getReceiveBufferSize();
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
    }

    public RawWebSocket readTimeout(Duration timeout) {
        try {
            socket.setSoTimeout((int) timeout.toMillis());
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    // ---------------------------------------------------------------- sending

    /**
     * Writes one frame exactly as described, valid or not.
     *
     * @param rsv    the three RSV bits, {@link #RSV1} {@code |} {@link #RSV2} {@code |} {@link #RSV3}
     * @param opcode 0x0 to 0xF, reserved ones included
     * @param masked whether to mask the payload (RFC 6455 requires it of clients)
     */
    public void sendFrame(boolean fin, int rsv, int opcode, boolean masked, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write((fin ? 0x80 : 0) | ((rsv & 0b111) << 4) | (opcode & 0x0F));
        int maskBit = masked ? 0x80 : 0;
        if (payload.length <= 125) {
            frame.write(maskBit | payload.length);
        } else if (payload.length <= 0xFFFF) {
            frame.write(maskBit | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xFF);
        } else {
            frame.write(maskBit | 127);
            frame.writeBytes(ByteBuffer.allocate(8).putLong(payload.length).array());
        }
        if (masked) {
            byte[] mask = new byte[4];
            RANDOM.nextBytes(mask);
            frame.writeBytes(mask);
            byte[] maskedPayload = new byte[payload.length];
            for (int i = 0; i < payload.length; i++) {
                maskedPayload[i] = (byte) (payload[i] ^ mask[i & 3]);
            }
            frame.writeBytes(maskedPayload);
        } else {
            frame.writeBytes(payload);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /** One masked, final text frame holding {@code text} in UTF-8. */
    public void sendText(String text) throws IOException {
        sendFrame(true, 0, TEXT, true, text.getBytes(StandardCharsets.UTF_8));
    }

    public void sendPing(byte[] payload) throws IOException {
        sendFrame(true, 0, PING, true, payload);
    }

    public void sendPong(byte[] payload) throws IOException {
        sendFrame(true, 0, PONG, true, payload);
    }

    /** A masked close frame with {@code code} (any value, valid or not) and {@code reason}. */
    public void sendClose(int code, String reason) throws IOException {
        sendFrame(true, 0, CLOSE, true, closePayload(code, reason));
    }

    /** {@link #sendClose}, ignoring failure: the server may already have ended the connection. */
    public void sendCloseQuietly(int code) {
        try {
            sendClose(code, "");
        } catch (IOException | RuntimeException ignored) {
            // best effort
        }
    }

    public static byte[] closePayload(int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(2 + text.length).putShort((short) code).put(text).array();
    }

    // ---------------------------------------------------------------- receiving

    /**
     * The next frame, whatever it is.
     *
     * @throws SocketTimeoutException when none arrives within {@link #readTimeout()}
     * @throws EOFException           when the server ended the connection
     */
    public Frame readFrame() throws IOException {
        int b0 = in.read();
        if (b0 < 0) {
            throw new EOFException("connection ended by the server");
        }
        int b1 = in.readUnsignedByte();
        long length = b1 & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        if (length < 0 || length > Integer.MAX_VALUE - 8) {
            throw new IOException("frame length " + length + " not supported");
        }
        byte[] mask = null;
        if ((b1 & 0x80) != 0) {
            mask = new byte[4];
            in.readFully(mask);
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        if (mask != null) {
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i & 3];
            }
        }
        return new Frame((b0 & 0x80) != 0, (b0 >>> 4) & 0b111, b0 & 0x0F, mask != null, payload);
    }

    /** The next text frame's content, skipping pings and pongs (without answering them). */
    public String readText() throws IOException {
        while (true) {
            Frame frame = readFrame();
            if (frame.opcode() == PING || frame.opcode() == PONG) {
                continue;
            }
            if (frame.opcode() != TEXT || !frame.fin()) {
                throw new IOException("expected a whole text frame, got " + frame);
            }
            return frame.text();
        }
    }

    /**
     * Reads until the server's close frame and returns it, or how the connection ended without one.
     * Frames read before it are kept in the result. Does not answer the close frame.
     */
    public Closed awaitClose() {
        List<Frame> before = new ArrayList<>();
        while (true) {
            Frame frame;
            try {
                frame = readFrame();
            } catch (SocketTimeoutException e) {
                return new Closed(Closed.Kind.TIMEOUT, -1, "no close within " + readTimeout(), before);
            } catch (EOFException e) {
                return new Closed(Closed.Kind.EOF, -1, String.valueOf(e.getMessage()), before);
            } catch (SocketException e) {
                return new Closed(Closed.Kind.RESET, -1, String.valueOf(e.getMessage()), before);
            } catch (IOException e) {
                return new Closed(Closed.Kind.RESET, -1, e.toString(), before);
            }
            if (frame.opcode() == CLOSE) {
                return new Closed(Closed.Kind.CLOSE_FRAME, frame.closeCode(), frame.closeReason(), before);
            }
            before.add(frame);
        }
    }

    /** Closes the TCP connection at once, with no close handshake. */
    @Override
    public void close() {
        closeQuietly(socket);
    }

    // ---------------------------------------------------------------- types

    /** The server's answer to an upgrade request; header names are case-insensitive. */
    public record Handshake(String statusLine, int status, Map<String, List<String>> headers) {

        /** The first value of {@code name}, or null. */
        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    /** One frame as read from the wire. */
    public record Frame(boolean fin, int rsv, int opcode, boolean masked, byte[] payload) {

        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** A close frame's code; {@link #NO_STATUS} when it has no payload. */
        public int closeCode() {
            requireClose();
            return payload.length < 2 ? NO_STATUS : ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }

        public String closeReason() {
            requireClose();
            return payload.length <= 2 ? "" : new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
        }

        private void requireClose() {
            if (opcode != CLOSE) {
                throw new IllegalStateException("not a close frame: " + this);
            }
        }

        @Override
        public String toString() {
            String shown = opcode == CLOSE ? closeCode() + " \"" + closeReason() + "\""
                    : payload.length > 200 ? payload.length + " bytes" : "\"" + text() + "\"";
            return "Frame[fin=" + fin + ", rsv=" + rsv + ", opcode=0x" + Integer.toHexString(opcode)
                    + ", masked=" + masked + ", " + shown + "]";
        }
    }

    /**
     * How a connection ended: with a close frame ({@code code} and {@code reason} set), or without
     * one: the server ended the TCP connection ({@code EOF}) or reset it ({@code RESET}), or nothing
     * came in time ({@code TIMEOUT}); {@code code} is -1 then. {@code before} holds the frames read
     * on the way.
     */
    public record Closed(Kind kind, int code, String reason, List<Frame> before) {

        public enum Kind { CLOSE_FRAME, EOF, RESET, TIMEOUT }

        public Closed {
            before = Collections.unmodifiableList(before);
        }

        public boolean isCloseFrame() {
            return kind == Kind.CLOSE_FRAME;
        }

        @Override
        public String toString() {
            return kind == Kind.CLOSE_FRAME
                    ? "close frame " + code + " \"" + reason + "\" after " + before
                    : kind + " (" + reason + ") after " + before;
        }
    }

    // ---------------------------------------------------------------- handshake internals

    private static void writeRequest(OutputStream out, String host, int port, String path, String key,
                                     List<String> subprotocols, Map<String, String> extraHeaders)
            throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", host + ":" + port);
        headers.put("Upgrade", "websocket");
        headers.put("Connection", "Upgrade");
        headers.put("Sec-WebSocket-Key", key);
        headers.put("Sec-WebSocket-Version", "13");
        if (!subprotocols.isEmpty()) {
            headers.put("Sec-WebSocket-Protocol", String.join(", ", subprotocols));
        }
        for (Map.Entry<String, String> e : extraHeaders.entrySet()) {
            headers.keySet().removeIf(name -> name.equalsIgnoreCase(e.getKey()));
            if (e.getValue() != null) {
                headers.put(e.getKey(), e.getValue());
            }
        }
        StringBuilder request = new StringBuilder("GET ").append(path.isEmpty() ? "/" : path).append(" HTTP/1.1\r\n");
        headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        request.append("\r\n");
        out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Reads the status line and headers, and not one byte more: frames may follow at once. */
    private static Handshake readResponse(InputStream in) throws IOException {
        String statusLine = readLine(in);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP response: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        String line;
        while (!(line = readLine(in)).isEmpty()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(line.substring(0, colon).trim(), k -> new ArrayList<>())
                        .add(line.substring(colon + 1).trim());
            }
        }
        return new Handshake(statusLine, status, Collections.unmodifiableMap(headers));
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException("connection ended during the handshake after \"" + line + "\"");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    private static String randomKey() {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    static String acceptFor(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
