/**
 * Checks of {@code deploy/} against the code: manifests, overlays, settings, ports, probes, images, dashboards
 * (whose metrics are scraped from running services) and the generated docs/configuration.md.
 */
package org.vasco.local.deploy;
