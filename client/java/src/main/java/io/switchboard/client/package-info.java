/**
 * The Java client of a Switchboard hub: one resilient WebSocket connection speaking protocol v1
 * (README, "Protocol v1 reference"), built with {@link io.switchboard.client.SwitchboardClient#builder}.
 * It logs in (password or API key), resubscribes after each reconnect from where every channel
 * stopped, resends unacknowledged publishes with their original ids, and hands every server frame
 * to the application as a {@link io.switchboard.client.ServerFrame} record, on a thread of its own.
 */
package io.switchboard.client;
