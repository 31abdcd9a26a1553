/**
 * The service's PostgreSQL connection pool, with the schema migrated by Flyway on start
 * ({@link org.vasco.common.db.Database}). The migrations themselves are resources beside it.
 */
package org.vasco.common.db;
