package io.switchboard.client;

/** Receives one channel's events, on the client's event thread, one at a time and in order. */
@FunctionalInterface
public interface ChannelHandler {

    void onEvent(ChannelEvent event);
}
