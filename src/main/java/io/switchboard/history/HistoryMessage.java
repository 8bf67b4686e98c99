package io.switchboard.history;

/** A stored message as readers of history get it; {@code data} is its JSON text, null once deleted. */
public record HistoryMessage(long seq, String data, String sender, long ts, boolean deleted) {

    static HistoryMessage of(StoredMessage m) {
        return new HistoryMessage(m.seq(), m.deleted() ? null : m.data(), m.sender(), m.ts(), m.deleted());
    }
}
