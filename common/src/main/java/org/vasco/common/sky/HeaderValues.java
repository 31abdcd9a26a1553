package org.vasco.common.sky;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import nom.tam.fits.FitsException;
import nom.tam.fits.FitsFactory;
import nom.tam.fits.Header;
import nom.tam.fits.HeaderCard;
import nom.tam.util.Cursor;
import nom.tam.util.FitsInputStream;

/**
 * A read-only view of FITS header keywords as text, built either from a nom-tam-fits {@link Header}
 * or from a plain keyword → value map (the {@code "header"} object of the plate-header JSON files
 * and the download sidecars, whose values may be numbers, booleans or strings). Both sources end
 * up as the same keyword → text map, so everything downstream has one code path.
 *
 * <p>Keywords are upper-cased; string values are trimmed (trailing blanks are insignificant in
 * FITS); a keyword mapped to {@code null} counts as absent; the first occurrence of a repeated
 * keyword wins. Numbers accept the FITS {@code D} exponent. Immutable and thread-safe.
 */
public final class HeaderValues {

    static {
        // nom-tam-fits keeps this switch process-wide; we set it once here so that HIERARCH cards
        // are read as keywords rather than as commentary wherever the cluster reads FITS headers.
        FitsFactory.setUseHierarch(true);
    }

    private static final String FIRST_CARD = "SIMPLE  =";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String source;
    private final Map<String, String> values;

    private HeaderValues(String source, Map<String, String> values) {
        this.source = source;
        this.values = Collections.unmodifiableMap(values);
    }

    /** A view of a nom-tam-fits header; {@code source} names it in error messages (e.g. the file). */
    public static HeaderValues of(Header header, String source) {
        Map<String, String> values = new LinkedHashMap<>();
        Cursor<String, HeaderCard> cards = header.iterator();
        while (cards.hasNext()) {
            HeaderCard card = cards.next();
            if (card.isKeyValuePair() && card.getValue() != null) {
                values.putIfAbsent(card.getKey().toUpperCase(Locale.ROOT), card.getValue().trim());
            }
        }
        return new HeaderValues(source, values);
    }

    /** A view of a keyword → value map (numbers, booleans or strings); {@code source} names it. */
    public static HeaderValues of(Map<String, ?> header, String source) {
        Map<String, String> values = new LinkedHashMap<>();
        header.forEach((key, value) -> {
            if (value != null) {
                String text = value instanceof Boolean b ? (b ? "T" : "F") : String.valueOf(value).trim();
                values.putIfAbsent(key.trim().toUpperCase(Locale.ROOT), text);
            }
        });
        return new HeaderValues(source, values);
    }

    /**
     * Reads the primary header of a FITS file without reading its data (full-plate scans are
     * hundreds of megabytes).
     *
     * @throws IOException when the file cannot be read or is not a FITS file
     */
    public static HeaderValues readPrimary(Path fitsFile) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(fitsFile))) {
            // Check the first card ourselves: on a non-FITS file (an HTML error page) nom-tam-fits
            // logs a stack trace before giving up, which is noise for what is a plain input error.
            in.mark(FIRST_CARD.length());
            byte[] start = in.readNBytes(FIRST_CARD.length());
            if (!new String(start, StandardCharsets.US_ASCII).equals(FIRST_CARD)) {
                throw new IOException(fitsFile + " is not a FITS file: it does not start with a SIMPLE card");
            }
            in.reset();
            Header header;
            try {
                header = Header.readHeader(new FitsInputStream(in));
            } catch (FitsException | IOException e) {
                throw new IOException(fitsFile + " is not a readable FITS file: " + e.getMessage(), e);
            }
            return of(header, fitsFile.toString());
        }
    }

    /**
     * Reads a header saved as JSON: an object whose {@code "header"} member maps keywords to values,
     * the layout of the plate-header files ({@code {"meta":…, "header":…}}) and of the download
     * sidecars ({@code {"fits_file":…, "selected":…, "header":…}}, values as strings).
     *
     * @throws IOException when the file cannot be read, is not JSON, or has no {@code "header"} object
     */
    public static HeaderValues readJson(Path jsonFile) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(jsonFile.toFile());
        } catch (JsonProcessingException e) {
            throw new IOException(jsonFile + " is not a JSON header file: " + e.getOriginalMessage(), e);
        }
        JsonNode header = root == null ? null : root.get("header");
        if (header == null || !header.isObject()) {
            throw new IOException(jsonFile + " has no \"header\" object of FITS keywords");
        }
        Map<String, Object> keywords = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : header.properties()) {
            JsonNode value = field.getValue();
            if (value.isValueNode() && !value.isNull()) {
                keywords.put(field.getKey(), value.isBoolean() ? (Object) value.booleanValue() : value.asText());
            }
        }
        return of(keywords, jsonFile.toString());
    }

    /** What this header was read from, for error messages. */
    public String source() {
        return source;
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    /** The keyword's value as trimmed text. */
    public Optional<String> text(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /**
     * The keyword's value as a finite number; empty when the keyword is absent.
     *
     * @throws AstrometryHeaderException when the value is present but not a finite number
     */
    public OptionalDouble number(String key) {
        String text = values.get(key);
        if (text == null) {
            return OptionalDouble.empty();
        }
        double value;
        try {
            value = Double.parseDouble(text.replace('D', 'E').replace('d', 'e'));
        } catch (NumberFormatException e) {
            throw new AstrometryHeaderException(source + ": keyword " + key + " = '" + text + "' is not a number");
        }
        if (!Double.isFinite(value)) {
            throw new AstrometryHeaderException(source + ": keyword " + key + " = '" + text + "' is not finite");
        }
        return OptionalDouble.of(value);
    }

    /**
     * The keyword's value as a finite number.
     *
     * @throws AstrometryHeaderException when absent or not a finite number
     */
    public double requireNumber(String key) {
        OptionalDouble value = number(key);
        if (value.isEmpty()) {
            throw new AstrometryHeaderException(source + ": keyword " + key + " is missing", java.util.List.of(key));
        }
        return value.getAsDouble();
    }
}
