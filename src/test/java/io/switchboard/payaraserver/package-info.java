/**
 * The built WAR on Payara Server: the checks that need a whole domain of their own, run by the
 * {@code payara-server} Maven profile against the domain {@code testing/PayaraServerSession} sets
 * up (and skipped without it).
 */
package io.switchboard.payaraserver;
