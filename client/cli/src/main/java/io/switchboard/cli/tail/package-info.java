/**
 * {@code switchboard tail}: protocol v1 by hand, like {@code wscat -c} but logged in. It uses a
 * plain WebSocket connection rather than the Java client, which would answer, reorder or resend
 * frames on its own: what is typed is sent as it is, and what the hub sends is printed as it came.
 */
package io.switchboard.cli.tail;
