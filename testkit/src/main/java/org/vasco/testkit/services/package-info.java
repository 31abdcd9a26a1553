/**
 * The real services tests and the local distribution run on: an in-JVM KRaft Kafka broker, a PostgreSQL server from
 * embedded binaries, and {@link org.vasco.testkit.services.SharedServices}, which gives every test class of a JVM the
 * same broker and database; {@link org.vasco.testkit.services.TopicRecords} reads back what a test topic holds.
 */
package org.vasco.testkit.services;
