package io.switchboard.protocol;

/**
 * Measures nesting before the JSON parser sees the text, so a frame of 60,000 open brackets is
 * refused cheaply instead of driving a recursive parser deep into the stack.
 */
public final class JsonDepth {

    private JsonDepth() {
    }

    public static boolean exceeds(String text, int maxDepth) {
        int depth = 0;
        boolean inString = false;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                if (++depth > maxDepth) {
                    return true;
                }
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
        return false;
    }
}
