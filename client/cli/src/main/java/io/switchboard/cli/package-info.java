/**
 * The {@code switchboard} command line: its top command and entry point, the exit statuses every
 * command shares, and what the commands read from the process around them ({@link io.switchboard.cli.Environment}).
 */
package io.switchboard.cli;
