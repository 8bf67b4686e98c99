package io.switchboard.cli.channel;

import io.switchboard.cli.CommandFailure;
import io.switchboard.cli.ExitCodes;
import io.switchboard.client.SwitchboardException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/** Checks of channel names and the wording of refused requests, shared by the channel commands. */
final class Channels {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private Channels() {
    }

    /** A usage error for a name the hub would refuse. */
    static String check(String channel) {
        if (!NAME.matcher(channel).matches()) {
            throw new CommandFailure(ExitCodes.USAGE, "a channel is 1 to 128 characters from A-Z a-z 0-9 . _ : -, not '"
                    + channel + "'");
        }
        return channel;
    }

    /** Why a request's future failed, in one line: the hub's error code first when it refused. */
    static String why(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof SwitchboardException e) {
            return e.getMessage();
        }
        if (t instanceof TimeoutException) {
            return "no answer in time";
        }
        return String.valueOf(t.getMessage());
    }

    /** Whether the request failed because the client closed (the connection's own ending says more). */
    static boolean closed(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof SwitchboardException e && SwitchboardException.CLOSED.equals(e.code());
    }
}
