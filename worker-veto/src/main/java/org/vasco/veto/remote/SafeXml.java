package org.vasco.veto.remote;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Reads XML from outside the cluster into a DOM without letting the document reach anything else: external
 * general and parameter entities are not resolved, no external DTD or schema is loaded, XInclude is off and the
 * JDK's secure-processing limits bound entity expansion (no "billion laughs"). An internal DOCTYPE is tolerated
 * because some VOTable services still send one. Thread-safe.
 */
final class SafeXml {

    private static final DocumentBuilderFactory FACTORY = factory();

    private SafeXml() {
    }

    /**
     * @param source names the document in error messages
     * @throws SAXException when the bytes are not well-formed XML
     */
    static Document parse(byte[] xml, String source) throws SAXException, IOException {
        DocumentBuilder builder;
        try {
            builder = FACTORY.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser refuses its own hardening features", e);
        }
        // Belt and braces: even if a feature above were ignored, nothing outside the document is ever opened.
        builder.setEntityResolver((publicId, systemId) -> new InputSource(new ByteArrayInputStream(new byte[0])));
        builder.setErrorHandler(new DefaultHandler() {
            @Override
            public void fatalError(SAXParseException e) throws SAXException {
                throw e;
            }
        });
        InputSource input = new InputSource(new ByteArrayInputStream(xml));
        input.setSystemId(source);
        return builder.parse(input);
    }

    private static DocumentBuilderFactory factory() {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setValidating(false);
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        try {
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser refuses its own hardening features", e);
        }
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return f;
    }
}
