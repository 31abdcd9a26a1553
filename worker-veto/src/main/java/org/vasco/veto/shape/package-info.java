/**
 * Pixel-level shape measures of S0S re-implemented in Java (no Python, no OpenCV): photutils-equivalent
 * background and radial profiles, the reference's profile difference, and OpenCV-equivalent external contours
 * with area, perimeter and circularity.
 */
package org.vasco.veto.shape;
