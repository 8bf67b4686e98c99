/**
 * The HTTP API under {@code /api}: login, logout and the current user, and the admin resources for
 * users, API keys, kicks and bans. Every error is a JSON body {@code {"error":CODE,"message":TEXT}}.
 * Also the admin console's server side: the gate on {@code /admin} ({@link io.switchboard.admin.AdminGate}),
 * its live socket ({@link io.switchboard.admin.LiveFeed}), its paged tables, and the audit log that
 * every admin and moderator action writes ({@link io.switchboard.admin.AuditLog}).
 */
package io.switchboard.admin;
