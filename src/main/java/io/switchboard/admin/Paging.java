package io.switchboard.admin;

/**
 * A table request's {@code filter}, {@code offset} and {@code limit}: the filter at most
 * {@value #MAX_FILTER} characters, the offset from 0, the limit from 1 and cut to the configured
 * page size (50 when not given).
 */
record Paging(String filter, int offset, int limit) {

    static final int MAX_FILTER = 200;
    private static final int DEFAULT_LIMIT = 50;

    /** As {@link #parse}, answering bad parameters with 400. */
    static Paging of(String filter, String offset, String limit, int maxLimit) {
        try {
            return parse(filter, offset, limit, maxLimit);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    static Paging parse(String filter, String offset, String limit, int maxLimit) {
        String f = filter == null ? "" : filter.trim();
        if (f.length() > MAX_FILTER) {
            throw new IllegalArgumentException("filter must be at most " + MAX_FILTER + " characters");
        }
        int from = offset == null ? 0 : number("offset", offset, 0);
        int count = limit == null ? DEFAULT_LIMIT : number("limit", limit, 1);
        return new Paging(f, from, Math.min(count, maxLimit));
    }

    static int number(String name, String value, int min) {
        try {
            long n = Long.parseLong(value);
            if (n >= min) {
                return (int) Math.min(n, Integer.MAX_VALUE);
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException(name + " must be a whole number of at least " + min);
    }

    /** Whether {@code text} contains the filter, ignoring case; every text matches an empty filter. */
    boolean matches(String text) {
        return filter.isEmpty() || (text != null && containsIgnoreCase(text, filter));
    }

    private static boolean containsIgnoreCase(String text, String part) {
        for (int i = 0; i + part.length() <= text.length(); i++) {
            if (text.regionMatches(true, i, part, 0, part.length())) {
                return true;
            }
        }
        return false;
    }
}
