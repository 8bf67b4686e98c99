/** The {@code switchboard} command line: its top command and entry point. */
package io.switchboard.cli;
