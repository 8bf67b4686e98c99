/**
 * The channel commands on the Java client: {@code listen}, {@code publish} and {@code history}, one
 * JSON object a line on stdout, notes and errors on stderr, and the connection they share
 * ({@link io.switchboard.cli.channel.HubConnection}) with its exit statuses.
 */
package io.switchboard.cli.channel;
