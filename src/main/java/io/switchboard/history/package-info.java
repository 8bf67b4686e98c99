/**
 * Channels' history in the database: numbering (seq and epoch), storage and deduplication of
 * published messages, recovery of what a client missed, history pages and retention.
 */
package io.switchboard.history;
