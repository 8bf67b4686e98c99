package io.switchboard.cluster;

import io.switchboard.protocol.CloseCode;
import java.io.Serializable;

/** Connections to close, and logins to end, wherever they are. */
public sealed interface Disconnect extends Serializable {

    /**
     * A login ended (logout, another login in its HTTP session, or the container ended that
     * session): its connections close with 4001 and it is forgotten. With {@code expired}, it went
     * unused past its timeout, and its HTTP session is invalidated as well.
     */
    record Login(String sessionKey, boolean expired) implements Disconnect {
    }

    /**
     * Every connection of the user or API key called {@code name} closes with {@code code}; with
     * {@code endSessions} the user's logins end too (kick with a ban or disable, role change):
     * every login of theirs started before {@code atMillis}, the time of the request.
     */
    record User(String name, CloseCode code, boolean endSessions, long atMillis) implements Disconnect {
    }

    /** An API key was revoked: the connections it opened close with 4003. */
    record ApiKey(String name) implements Disconnect {
    }
}
