/**
 * Who is connected and what they may do: login (Jakarta Security over the HTTP session), API
 * keys, the handshake checks (session, Origin, connection caps), per-channel rules, rate limits,
 * kicks and bans.
 */
package io.switchboard.security;
