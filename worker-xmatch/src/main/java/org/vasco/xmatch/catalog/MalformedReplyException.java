package org.vasco.xmatch.catalog;

/** A 2xx reply whose body is not the table that was asked for. Worth another attempt; never worth caching. */
final class MalformedReplyException extends Exception {

    MalformedReplyException(String message) {
        super(message);
    }
}
