/**
 * MicroProfile Health checks: liveness (the application runs) and readiness (the database answers
 * and the instance is not draining), served by Payara at the server's {@code /health}.
 */
package io.switchboard.health;
