package io.switchboard.testing;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 exchange over a plain socket, for what the JDK client cannot do: send a request head
 * that promises a body and not send it, or connect from another loopback address.
 */
public final class RawHttp {

    private RawHttp() {
    }

    /** The server's answer: its status line, header lines and body. */
    public record Answer(int status, String head, String body) {
    }

    /**
     * Sends {@code head} (request line and headers, ending with an empty line) and then
     * {@code body} to {@code host:port}, from {@code fromAddress} when not null, and reads the
     * answer. A server that answers before taking the whole body may close meanwhile; its answer
     * is still read.
     */
    public static Answer exchange(String host, int port, String fromAddress, String head, byte[] body) throws IOException {
        try (Socket socket = new Socket()) {
            socket.setSoTimeout(20_000);
            if (fromAddress != null) {
                socket.bind(new InetSocketAddress(fromAddress, 0));
            }
            socket.connect(new InetSocketAddress(host, port), 20_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            try {
                out.write(body);
                out.flush();
            } catch (IOException closedEarly) {
                // answered already; read it below
            }
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            StringBuilder headLines = new StringBuilder();
            int length = 0;
            String statusLine = readLine(in);
            for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
                headLines.append(line).append('\n');
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring("content-length:".length()).trim());
                }
            }
            byte[] content = new byte[length];
            in.readFully(content);
            return new Answer(Integer.parseInt(statusLine.split(" ")[1]), statusLine + "\n" + headLines,
                    new String(content, StandardCharsets.UTF_8));
        }
    }

    /** A POST of a JSON body to {@code path}, with the Origin of the server's own page. */
    public static Answer postJson(String host, int port, String fromAddress, String path, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nOrigin: http://" + host + ":" + port
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
        return exchange(host, port, fromAddress, head, body);
    }

    private static String readLine(DataInputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed after " + line);
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }
}
