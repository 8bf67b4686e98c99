/**
 * Who the command line connects as: {@code switchboard login} and {@code logout}, the session file
 * that keeps a login's cookies (owner-only), and the options every command shares to name the hub
 * and the credential ({@code --url}, {@code --api-key}, {@code --session-file}).
 */
package io.switchboard.cli.auth;
