/**
 * The HTTP API under {@code /api}: login, logout and the current user, and the admin resources for
 * users, API keys, kicks and bans. Every error is a JSON body {@code {"error":CODE,"message":TEXT}}.
 */
package io.switchboard.admin;
