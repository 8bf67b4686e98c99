package io.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the commands refuse before they connect: each a usage error (1) or "could not run" (4), one line on stderr. */
class CommandOptionsTest {

    @TempDir
    Path home;

    private CliRun run(String... args) {
        return new CliRun(home).run(args);
    }

    private static void failsWith(CliRun run, int status, String message) {
        assertThat(run.status()).as(run.toString()).isEqualTo(status);
        assertThat(run.err()).as(run.toString()).startsWith("switchboard: ").contains(message);
        assertThat(run.err().strip().lines()).as("one line: " + run.err()).hasSizeLessThanOrEqualTo(2);
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aPasswordOnTheCommandLineIsRefused() {
        failsWith(run("login", "--user", "alice", "--password", "demo"), ExitCodes.USAGE, "no password on the command line");
        failsWith(run("login", "-u", "alice", "-p", "demo"), ExitCodes.USAGE, "--password-stdin");
    }

    @Test
    void loginNeedsAUserAndATerminalOrStdin() {
        failsWith(run("login"), ExitCodes.USAGE, "--user");
        failsWith(run("login", "--user", "alice"), ExitCodes.USAGE, "no terminal to ask the password on");
        failsWith(new CliRun(home).stdin("").run("login", "--user", "alice", "--password-stdin"), ExitCodes.USAGE,
                "no password on stdin");
    }

    @Test
    void thePromptIsAskedWithoutAPasswordOption() {
        StringBuilder asked = new StringBuilder();
        CliRun run = new CliRun(home).prompt(p -> {
            asked.append(p);
            return Optional.of("demo".toCharArray());
        }).run("login", "--user", "alice", "--url", "http://127.0.0.1:9");
        assertThat(asked).hasToString("Password for alice: ");
        failsWith(run, ExitCodes.FAILED, "cannot log in at http://127.0.0.1:9");
    }

    @Test
    void badUrlsAreUsageErrors() {
        failsWith(run("login", "--user", "alice", "--url", "ws://127.0.0.1:8080/ws"), ExitCodes.USAGE, "http:// or https://");
        failsWith(run("history", "lobby", "--api-key", "k", "--url", "http://alice:pw@127.0.0.1:8080"), ExitCodes.USAGE,
                "no user, query or fragment");
        failsWith(new CliRun(home).env("SWITCHBOARD_URL", "localhost:8080").run("history", "lobby", "--api-key", "k"),
                ExitCodes.USAGE, "http:// or https://");
    }

    @Test
    void withoutALoginOrKeyNothingRuns() {
        failsWith(run("listen", "lobby"), ExitCodes.FAILED, "not logged in");
        failsWith(run("publish", "lobby", "1"), ExitCodes.FAILED, "switchboard login --user NAME");
        failsWith(run("history", "lobby"), ExitCodes.FAILED, "SWITCHBOARD_API_KEY");
        failsWith(run("tail"), ExitCodes.FAILED, "not logged in");
    }

    @Test
    void listenChecksItsChannelsSinceAndCount() {
        failsWith(run("listen"), ExitCodes.USAGE, "CHANNEL");
        failsWith(run("listen", "has space"), ExitCodes.USAGE, "a channel is 1 to 128 characters");
        failsWith(run("listen", "a", "a"), ExitCodes.USAGE, "named twice");
        failsWith(run("listen", "a", "--since", "17"), ExitCodes.USAGE, "--since must be SEQ:EPOCH");
        failsWith(run("listen", "a", "--since", "x:e1"), ExitCodes.USAGE, "--since must be SEQ:EPOCH");
        failsWith(run("listen", "a", "b", "--since", "17:e1"), ExitCodes.USAGE, "exactly one channel");
        failsWith(run("listen", "a", "--count", "0"), ExitCodes.USAGE, "--count must be at least 1");
        failsWith(run("listen", "a", "--timeout", "soon"), ExitCodes.USAGE, "not a duration");
    }

    @Test
    void publishRefusesDataThatIsNotJsonBeforeConnecting() {
        failsWith(run("publish", "lobby", "hello"), ExitCodes.USAGE, "DATA is not JSON");
        failsWith(run("publish", "lobby", "{\"a\":1"), ExitCodes.USAGE, "--text");
        failsWith(run("publish", "lobby", "1 2"), ExitCodes.USAGE, "something after the JSON value");
        failsWith(run("publish", "lobby", "1", "--window", "0"), ExitCodes.USAGE, "--window must be between 1 and 256");
        failsWith(run("publish", "lobby", "1", "--window", "257"), ExitCodes.USAGE, "--window");
        failsWith(run("publish", "lobby", "1", "--timeout", "2h"), ExitCodes.USAGE, "--timeout");
        failsWith(run("publish", "bad/name", "1"), ExitCodes.USAGE, "a channel is");
    }

    @Test
    void historyChecksItsBounds() {
        failsWith(run("history", "lobby", "--before", "0"), ExitCodes.USAGE, "--before must be at least 1");
        failsWith(run("history", "lobby", "--limit", "0"), ExitCodes.USAGE, "--limit must be at least 1");
        failsWith(run("history", "lobby", "--limit", "many"), ExitCodes.USAGE, "many");
    }

    @Test
    void anUnreachableHubIsCouldNotRun() {
        failsWith(run("history", "lobby", "--api-key", "sbk_x", "--url", "http://127.0.0.1:9"), ExitCodes.FAILED,
                "cannot connect to http://127.0.0.1:9");
        failsWith(run("tail", "--api-key", "sbk_x", "--url", "http://127.0.0.1:9"), ExitCodes.FAILED,
                "cannot connect to http://127.0.0.1:9");
    }

    @Test
    void theKeyIsNeverEchoed() {
        CliRun run = run("history", "lobby", "--api-key", "sbk_secret_value", "--url", "http://127.0.0.1:9");
        assertThat(run.err()).doesNotContain("sbk_secret_value");
    }

    @Test
    void helpListsTheCommandsAndExitStatuses() {
        CliRun run = run("--help");
        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("login", "logout", "listen", "publish", "history", "tail", "bench",
                "5 the server closed the");
    }
}
