/**
 * What every HTTP response of the WAR carries whatever serves it (pages, static files, the API,
 * the WebSocket handshake): the security headers.
 */
package io.switchboard.web;
