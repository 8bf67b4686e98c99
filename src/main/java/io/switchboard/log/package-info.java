/**
 * The events Switchboard logs for operators (connections opened and closed, refusals, logins,
 * logouts, admin actions), each one record with its fields as key/value pairs that Payara's JSON
 * log formatter turns into fields of the line, and that read as {@code key=value} in plain logs.
 */
package io.switchboard.log;
