package org.vasco.testkit.archives;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fields of a POSTed form, {@code multipart/form-data} (RFC 7578) or {@code application/x-www-form-urlencoded},
 * as the stand-ins receive them. Field names are kept as sent.
 */
public final class MultipartBody {

    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
    private static final Pattern NAME = Pattern.compile("name=\"([^\"]*)\"");

    private final Map<String, byte[]> parts;

    private MultipartBody(Map<String, byte[]> parts) {
        this.parts = parts;
    }

    public static MultipartBody parse(String contentType, byte[] body) throws IOException {
        Map<String, byte[]> parts = new LinkedHashMap<>();
        if (contentType != null && contentType.startsWith("application/x-www-form-urlencoded")) {
            for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
                if (!pair.isEmpty()) {
                    int eq = pair.indexOf('=');
                    String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                    String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                    parts.put(k, v.getBytes(StandardCharsets.UTF_8));
                }
            }
            return new MultipartBody(parts);
        }
        Matcher m = contentType == null ? null : BOUNDARY.matcher(contentType);
        if (m == null || !contentType.startsWith("multipart/form-data") || !m.find()) {
            throw new IOException("expected multipart/form-data or a url-encoded form, got Content-Type " + contentType);
        }
        byte[] delimiter = ("--" + m.group(1)).getBytes(StandardCharsets.ISO_8859_1);
        int pos = indexOf(body, delimiter, 0);
        while (pos >= 0) {
            int start = pos + delimiter.length;
            if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') {
                break;
            }
            start += 2; // CRLF after the delimiter
            int next = indexOf(body, delimiter, start);
            if (next < 0) {
                throw new IOException("multipart body ends without its closing boundary");
            }
            byte[] part = Arrays.copyOfRange(body, start, next - 2); // drop the CRLF before the delimiter
            int headerEnd = indexOf(part, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
            if (headerEnd < 0) {
                throw new IOException("multipart part without headers");
            }
            String headers = new String(part, 0, headerEnd, StandardCharsets.UTF_8);
            Matcher n = NAME.matcher(headers);
            if (!n.find()) {
                throw new IOException("multipart part without a name: " + headers);
            }
            parts.put(n.group(1), Arrays.copyOfRange(part, headerEnd + 4, part.length));
            pos = next;
        }
        return new MultipartBody(parts);
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** A field's text, or null. Names match case-insensitively (TAP parameter names are case-insensitive). */
    public String text(String name) {
        byte[] v = bytes(name);
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }

    public byte[] bytes(String name) {
        for (Map.Entry<String, byte[]> e : parts.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }
}
