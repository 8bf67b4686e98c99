package io.switchboard.cluster;

import java.io.Serializable;

/**
 * A broadcast accepted from a client: for every open connection but the sender's.
 *
 * @param data JSON text, as it is forwarded
 * @param senderConnection the id of the connection it came from, which does not get it back
 */
public record Broadcast(String data, String from, String senderConnection) implements Serializable {
}
