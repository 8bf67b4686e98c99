package io.switchboard.cli.bench;

/**
 * Just enough reading of the server's compact JSON to count and check it without a JSON parser
 * (the generator shares two cores with the server). It relies on what the server writes: {@code
 * type} first, then the fields in the README's order, with {@code seq} before {@code data} in a
 * {@code message}, and channel names and ids that never contain quotes.
 */
final class Lines {

    private static final String TYPE = "{\"type\":\"";

    private Lines() {
    }

    /** The {@code type} value, interned for the types the generator knows, or null. */
    static String type(String text, int start, int end) {
        if (!text.startsWith(TYPE, start)) {
            return null;
        }
        int from = start + TYPE.length();
        int quote = text.indexOf('"', from);
        if (quote < 0 || quote > end) {
            return null;
        }
        int n = quote - from;
        for (String known : new String[] {"message", "ack", "echo", "subscribed", "error", "pong"}) {
            if (known.length() == n && text.startsWith(known, from)) {
                return known;
            }
        }
        return text.substring(from, quote);
    }

    /**
     * The first numeric field {@code name} in the line, or -1. In a {@code message} it is found
     * before {@code data}, so the payload cannot fool it.
     */
    static long longField(String text, int start, int end, String name) {
        String key = ",\"" + name + "\":";
        int at = text.indexOf(key, start);
        if (at < 0 || at >= end) {
            return -1;
        }
        long v = 0;
        int i = at + key.length();
        int digits = 0;
        for (; i < end; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            v = v * 10 + (c - '0');
            digits++;
        }
        return digits == 0 ? -1 : v;
    }

    /** The {@code id} as a whole number when it is one (the generator's own ids), else -1. */
    static int idNumber(String text, int start, int end) {
        String key = ",\"id\":\"";
        int at = text.indexOf(key, start);
        if (at < 0 || at >= end) {
            return -1;
        }
        int v = 0;
        int i = at + key.length();
        int digits = 0;
        for (; i < end && digits < 9; i++) {
            char c = text.charAt(i);
            if (c == '"') {
                break;
            }
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
            digits++;
        }
        return digits == 0 ? -1 : v;
    }

    /**
     * The number after {@code prefix} in the {@code id} (ids the publish mode writes as {@code
     * PREFIX + number}), or -1 when the id is missing, has another prefix or is not that.
     */
    static long prefixedIdNumber(String text, int start, int end, String prefix) {
        String key = ",\"id\":\"";
        int at = text.indexOf(key, start);
        if (at < 0 || at >= end) {
            return -1;
        }
        int from = at + key.length();
        if (!text.startsWith(prefix, from)) {
            return -1;
        }
        return digitsBefore(text, from + prefix.length(), end, '"');
    }

    /**
     * The whole number a string {@code data} value starts with, up to a {@code '.'} (the publish
     * mode's payloads: {@code "K.xxxx"}), or -1. In a {@code message}, {@code data} comes after
     * {@code seq}, and the first {@code ,"data":"} is the field (channel names hold no quotes).
     */
    static long dataNumber(String text, int start, int end) {
        String key = ",\"data\":\"";
        int at = text.indexOf(key, start);
        if (at < 0 || at >= end) {
            return -1;
        }
        return digitsBefore(text, at + key.length(), end, '.');
    }

    /** A string field's value (no escapes expected), or null. Only for short lines such as errors. */
    static String stringField(String text, int start, int end, String name) {
        String key = ",\"" + name + "\":\"";
        int at = text.indexOf(key, start);
        if (at < 0 || at >= end) {
            return null;
        }
        int from = at + key.length();
        int quote = text.indexOf('"', from);
        return quote < 0 || quote > end ? null : text.substring(from, quote);
    }

    /** True when the line holds {@code ,"name":true}. */
    static boolean flag(String text, int start, int end, String name) {
        int at = text.indexOf(",\"" + name + "\":true", start);
        return at >= 0 && at < end;
    }

    /** 1 to 18 digits from {@code from} that are followed by {@code stop}, as a number; else -1. */
    private static long digitsBefore(String text, int from, int end, char stop) {
        long v = 0;
        int digits = 0;
        for (int i = from; i < end && digits <= 18; i++) {
            char c = text.charAt(i);
            if (c == stop) {
                return digits == 0 ? -1 : v;
            }
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
            digits++;
        }
        return -1;
    }
}
