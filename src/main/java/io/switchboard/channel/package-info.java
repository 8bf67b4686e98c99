/**
 * Channels on this instance: who is subscribed, the per-channel sequence and fan-out of each
 * published message to local subscribers, in sequence order.
 */
package io.switchboard.channel;
