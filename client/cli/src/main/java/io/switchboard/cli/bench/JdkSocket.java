package io.switchboard.cli.bench;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** A {@link BenchSocket} over the JDK's {@code java.net.http} WebSocket. */
final class JdkSocket extends BenchSocket implements WebSocket.Listener {

    private final StringBuilder partial = new StringBuilder();
    private final ByteArrayOutputStream partialBinary = new ByteArrayOutputStream();
    private volatile WebSocket ws;

    private JdkSocket(int index, Handler handler, WireEncoding encoding) {
        super(index, handler, encoding);
    }

    static BenchSocket connect(HttpClient client, URI uri, int index, Handler handler, Duration timeout,
                               WireEncoding encoding) throws Exception {
        JdkSocket socket = new JdkSocket(index, handler, encoding);
        WebSocket.Builder builder = client.newWebSocketBuilder();
        BenchLogin.headers(uri).forEach(builder::header);
        socket.ws = builder
                .subprotocols(encoding.subprotocol())
                .connectTimeout(timeout)
                .buildAsync(uri, socket)
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return socket;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        // No flow control: the generator reads as fast as it can.
        webSocket.request(Long.MAX_VALUE);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        if (!last) {
            partial.append(data);
        } else if (partial.length() > 0) {
            partial.append(data);
            String text = partial.toString();
            partial.setLength(0);
            textFrame(text);
        } else {
            textFrame(data.toString());
        }
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        if (!last || partialBinary.size() > 0) {
            if (partialBinary.size() + data.remaining() > MAX_FRAME_BYTES) {
                handler.onError(this, new IllegalStateException("a server frame over " + MAX_FRAME_BYTES + " bytes"));
                webSocket.abort();
                return null;
            }
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            partialBinary.writeBytes(chunk);
            if (last) {
                ByteBuffer whole = ByteBuffer.wrap(partialBinary.toByteArray());
                partialBinary.reset();
                binaryFrame(whole);
            }
        } else {
            binaryFrame(data);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        handler.onClose(this, statusCode, reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        handler.onError(this, error);
        handler.onClose(this, 1006, String.valueOf(error));
    }

    @Override
    CompletionStage<?> transmit(String text) {
        return ws.sendText(text, true);
    }

    @Override
    CompletionStage<?> transmit(ByteBuffer binary) {
        return ws.sendBinary(binary, true);
    }

    @Override
    void close() {
        WebSocket w = ws;
        if (w != null && !w.isOutputClosed()) {
            w.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
        }
    }

    @Override
    void abort() {
        WebSocket w = ws;
        if (w != null) {
            w.abort();
        }
    }

    @Override
    boolean isOpen() {
        WebSocket w = ws;
        return w != null && !w.isInputClosed();
    }
}
