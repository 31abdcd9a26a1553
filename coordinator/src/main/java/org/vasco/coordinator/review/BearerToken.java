package org.vasco.coordinator.review;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.vasco.coordinator.api.ApiException;
import org.vasco.coordinator.api.ApiRequest;

/**
 * The check mutating endpoints make: {@code Authorization: Bearer <VASCO_REVIEW_TOKEN>}. Without a configured
 * token every mutation is refused (403), so a forgotten setting never leaves the verdicts open to anyone.
 */
final class BearerToken {

    private final Optional<byte[]> expected;

    BearerToken(Optional<String> token) {
        this.expected = token.map(t -> t.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @throws ApiException 403 when no token is configured or the given one is wrong, 401 when none is given
     */
    void check(ApiRequest request) throws ApiException {
        if (expected.isEmpty()) {
            throw new ApiException(403, "Review verdicts are disabled: set " + ReviewSettings.TOKEN.name()
                    + " for the coordinator and send it as 'Authorization: Bearer <token>'");
        }
        String header = request.headers().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ApiException(401, "This endpoint needs 'Authorization: Bearer <token>' with the coordinator's "
                    + ReviewSettings.TOKEN.name());
        }
        byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        // Constant-time comparison, so response timing does not reveal how much of a guess was right.
        if (!MessageDigest.isEqual(given, expected.get())) {
            throw new ApiException(403, "The bearer token is not the coordinator's " + ReviewSettings.TOKEN.name());
        }
    }
}
