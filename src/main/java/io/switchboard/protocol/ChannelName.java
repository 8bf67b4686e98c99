package io.switchboard.protocol;

import java.util.regex.Pattern;

/** The syntax of a channel name: 1 to 128 of {@code A-Z a-z 0-9 . _ : -}. */
public final class ChannelName {

    private static final Pattern SYNTAX = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private ChannelName() {
    }

    public static boolean isValid(String name) {
        return name != null && SYNTAX.matcher(name).matches();
    }
}
