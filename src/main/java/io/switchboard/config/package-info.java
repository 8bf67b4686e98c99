/**
 * Every configurable limit and timing, with its MicroProfile Config key and default in one enum,
 * and the beans that read them once at startup ({@link io.switchboard.config.Settings},
 * {@link io.switchboard.config.ChannelSettings} with its per-prefix
 * {@link io.switchboard.config.ChannelPolicy}). The README's configuration table is checked
 * against {@link io.switchboard.config.Setting}.
 */
package io.switchboard.config;
