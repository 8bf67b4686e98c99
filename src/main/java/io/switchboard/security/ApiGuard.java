package io.switchboard.security;

import io.switchboard.protocol.JsonDepth;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * The rules every request under {@code /api} passes before a resource sees it, so no resource has
 * to remember them:
 * <ul>
 * <li>a request that changes something (POST, PUT, PATCH, DELETE) carries an allowed Origin, unless
 * it is authenticated by an API key (a header a cross-site page cannot set, and no cookie);</li>
 * <li>a body sent with POST, PUT or PATCH is JSON ({@code application/json}), else 415: a form or
 * {@code text/plain} body is what a cross-site page can send without asking;</li>
 * <li>a body is at most {@code switchboard.http.max-body-bytes}, else 413, answered from the
 * declared length before anything is read, or as soon as a chunked body passes the limit; and it
 * is nested at most {@code switchboard.max-json-depth} deep, else 400.</li>
 * </ul>
 * Runs after the authentication mechanism, which has already left the caller on the request.
 */
@WebFilter(urlPatterns = "/api/*", asyncSupported = true)
public class ApiGuard extends HttpFilter {

    private static final Set<String> CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH");

    @Inject
    OriginCheck origins;

    @Inject
    Refusals refusals;

    @Inject
    SecuritySettings settings;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        if (CHANGING.contains(method) && !RequestIdentity.of(request).map(RequestIdentity::byApiKey).orElse(false)) {
            String refusal = origins.refusal(request);
            if (refusal != null) {
                refusals.refused("origin", RequestIdentity.of(request).map(RequestIdentity::name).orElse(null),
                        request.getRemoteAddr());
                JsonErrors.write(response, 403, "forbidden_origin", refusal);
                return;
            }
        }
        boolean hasBody = request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
        if (!hasBody) {
            chain.doFilter(request, response);
            return;
        }
        if (WITH_BODY.contains(method) && !isJson(request.getContentType())) {
            JsonErrors.write(response, 415, "unsupported_media_type", "the body must be application/json");
            return;
        }
        int max = settings.httpMaxBodyBytes();
        if (request.getContentLengthLong() > max) {
            tooLarge(response, max);
            return;
        }
        byte[] body = request.getInputStream().readNBytes(max + 1);
        if (body.length > max) {
            tooLarge(response, max);
            return;
        }
        if (JsonDepth.exceeds(new String(body, StandardCharsets.UTF_8), settings.maxJsonDepth())) {
            JsonErrors.write(response, 400, "bad_json", "JSON nested deeper than " + settings.maxJsonDepth() + " levels");
            return;
        }
        chain.doFilter(new BufferedBody(request, body), response);
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json");
    }

    private static void tooLarge(HttpServletResponse response, int max) {
        // The rest of the body is not read, so the connection cannot carry another request.
        response.setHeader("Connection", "close");
        JsonErrors.write(response, 413, "payload_too_large", "the body must be at most " + max + " bytes");
    }

    /** The request with its body, already read (and bounded), served from memory. */
    private static final class BufferedBody extends HttpServletRequestWrapper {

        private final byte[] body;

        BufferedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        // One stream per request, as the container's own: a reader that asks for it again on each
        // read (Jersey on Payara 7 does) must go on where it stopped, not start over.
        private ServletInputStream stream;

        @Override
        public synchronized ServletInputStream getInputStream() {
            if (stream == null) {
                stream = new BodyStream(new ByteArrayInputStream(body));
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(getInputStream(),
                    encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding)));
        }
    }

    private static final class BodyStream extends ServletInputStream {

        private final ByteArrayInputStream in;

        BodyStream(ByteArrayInputStream in) {
            this.in = in;
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
            return in.available() == 0;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new IllegalStateException("the body has been read already");
        }
    }
}
