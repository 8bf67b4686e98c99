package io.switchboard.persistence;

/** Fired once at startup, after the migrations: the database can be used. */
public record SchemaReady() {
}
