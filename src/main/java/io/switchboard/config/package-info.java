/**
 * Every configurable limit and timing, with its MicroProfile Config key and default in one enum.
 * The README's configuration table is checked against {@link io.switchboard.config.Setting}.
 */
package io.switchboard.config;
