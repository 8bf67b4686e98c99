package io.switchboard.endpoint;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * A request whose one header has exactly the given value, whatever the client sent under that name:
 * how a servlet filter hands a verdict to a handshake configurator, which sees only the headers.
 */
public final class HeaderOverride extends HttpServletRequestWrapper {

    private final String header;
    private final String value;

    public HeaderOverride(HttpServletRequest request, String header, String value) {
        super(request);
        this.header = header;
        this.value = value;
    }

    @Override
    public String getHeader(String name) {
        return header.equalsIgnoreCase(name) ? value : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        return header.equalsIgnoreCase(name) ? Collections.enumeration(List.of(value)) : super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        List<String> names = new ArrayList<>();
        for (Enumeration<String> e = super.getHeaderNames(); e.hasMoreElements(); ) {
            String name = e.nextElement();
            if (!header.equalsIgnoreCase(name)) {
                names.add(name);
            }
        }
        names.add(header);
        return Collections.enumeration(names);
    }
}
