package io.switchboard.web;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.util.Locale;
import java.util.Set;

/**
 * A response whose JavaScript content type is {@code text/javascript}, the one RFC 9239 keeps:
 * the container's mime table says {@code application/javascript}. Only the media type changes;
 * parameters such as a charset stay, and other types pass unchanged.
 */
final class JavaScriptType extends HttpServletResponseWrapper {

    private static final String JAVASCRIPT = "text/javascript";
    private static final Set<String> OLD_NAMES = Set.of("application/javascript", "application/x-javascript",
            "application/ecmascript", "text/ecmascript");

    JavaScriptType(HttpServletResponse response) {
        super(response);
    }

    @Override
    public void setContentType(String type) {
        super.setContentType(normal(type));
    }

    @Override
    public void setHeader(String name, String value) {
        super.setHeader(name, isContentType(name) ? normal(value) : value);
    }

    @Override
    public void addHeader(String name, String value) {
        super.addHeader(name, isContentType(name) ? normal(value) : value);
    }

    private static boolean isContentType(String name) {
        return "content-type".equalsIgnoreCase(name);
    }

    static String normal(String type) {
        if (type == null) {
            return null;
        }
        int semicolon = type.indexOf(';');
        String media = (semicolon < 0 ? type : type.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        return OLD_NAMES.contains(media) ? JAVASCRIPT + (semicolon < 0 ? "" : type.substring(semicolon)) : type;
    }
}
