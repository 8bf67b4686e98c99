/** The database: the data source (embedded H2 by default), and the Flyway migrations run at startup. */
package io.switchboard.persistence;
