/**
 * The coordinator as a long-running service: reconciler, outbox publisher and HTTP endpoint.
 */
package org.vasco.coordinator.service;
