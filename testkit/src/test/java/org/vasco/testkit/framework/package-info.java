/**
 * Tests of the stage framework (StageLoop, outbox, WorkerService, endpoint) on the shared real broker and database.
 */
package org.vasco.testkit.framework;
