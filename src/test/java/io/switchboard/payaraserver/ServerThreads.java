package io.switchboard.payaraserver;

import io.switchboard.testing.PayaraServerDomain;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The threads of the server that belong to a deployed application, read from a thread dump of the
 * server's JVM: those of the managed thread factories the application makes its pools with, and
 * of the embedded database. The server's own (HTTP, admin, data grid) come and go as they please.
 */
final class ServerThreads {

    private static final Pattern NAME = Pattern.compile("^\"([^\"]+)\"", Pattern.MULTILINE);
    private static final Pattern APPLICATION = Pattern.compile("^concurrent/__defaultManagedThreadFactory-|^H2 ");

    private ServerThreads() {
    }

    static List<String> ofApplications(PayaraServerDomain domain) throws IOException {
        String dump = domain.threadDump();
        Matcher m = NAME.matcher(dump);
        List<String> names = new ArrayList<>();
        while (m.find()) {
            if (APPLICATION.matcher(m.group(1)).find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }
}
