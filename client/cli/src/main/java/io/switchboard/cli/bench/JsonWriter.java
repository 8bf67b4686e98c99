package io.switchboard.cli.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The little JSON the command writes: one flat object per run, and the login request. */
final class JsonWriter {

    private JsonWriter() {
    }

    /** {@code s} as a JSON string, quotes included. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** One value of a result: a number, boolean, string, list of numbers or map of counts. */
    static void value(StringBuilder b, Object v) {
        if (v == null) {
            b.append("null");
        } else if (v instanceof Decimal d) {
            b.append(Double.isFinite(d.value()) ? d.toString() : "null");
        } else if (v instanceof Number || v instanceof Boolean) {
            b.append(v);
        } else if (v instanceof List<?> list) {
            b.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                value(b, list.get(i));
            }
            b.append(']');
        } else if (v instanceof Map<?, ?> map) {
            b.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                b.append(quote(String.valueOf(e.getKey()))).append(':');
                value(b, e.getValue());
            }
            b.append('}');
        } else {
            b.append(quote(v.toString()));
        }
    }

    /** A figure printed with a fixed number of decimals, the same in the RESULT line and in JSON. */
    record Decimal(double value, int places) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%." + places + "f", value);
        }
    }
}
