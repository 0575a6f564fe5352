package dev.shoal.discovery;

import dev.shoal.engine.spi.DeviceId;
import dev.shoal.engine.spi.Discovery.LocalAnnouncement;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TXT record of a {@code _shoal._udp.local.} service: {@code id} (device id), {@code v} (protocol
 * version), {@code port} and {@code name}. Anything malformed or hostile (missing or bad id, non-numeric or
 * out-of-range numbers, oversized or non-UTF-8 values) makes the record be ignored, with a debug log.
 */
public final class TxtCodec {
    public static final String SERVICE_TYPE = "_shoal._udp.local.";
    static final int MAX_NAME_BYTES = 63;
    private static final int MAX_VALUE_BYTES = 255;
    private static final Logger LOG = LoggerFactory.getLogger(TxtCodec.class);

    private TxtCodec() {}

    /** A peer's advertisement as decoded from its TXT record. */
    public record Advert(DeviceId id, int protocolVersion, int port, String name) {}

    public static Map<String, String> encode(LocalAnnouncement self) {
        Map<String, String> txt = new LinkedHashMap<>();
        txt.put("id", self.id().toString());
        txt.put("v", Integer.toString(self.protocolVersion()));
        txt.put("port", Integer.toString(self.port()));
        txt.put("name", truncateUtf8(self.name(), MAX_NAME_BYTES));
        return txt;
    }

    /** Decodes TXT values as received (raw bytes per key); empty when the record is not a usable Shoal advert. */
    public static Optional<Advert> decode(Map<String, byte[]> txt) {
        try {
            String idText = text(txt, "id");
            if (idText == null) {
                return ignore("no id", txt);
            }
            DeviceId id = DeviceId.parse(idText);
            int version = number(txt, "v", 1, 65535);
            int port = number(txt, "port", 1, 65535);
            String name = text(txt, "name");
            if (name != null && name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
                name = truncateUtf8(name, MAX_NAME_BYTES);
            }
            return Optional.of(new Advert(id, version, port, name == null ? "" : name));
        } catch (IllegalArgumentException e) { // includes InvalidDeviceIdException
            return ignore(e.getMessage(), txt);
        }
    }

    private static Optional<Advert> ignore(String why, Map<String, byte[]> txt) {
        LOG.debug("ignoring mDNS record ({}): keys {}", why, txt.keySet());
        return Optional.empty();
    }

    private static String text(Map<String, byte[]> txt, String key) {
        byte[] raw = txt.get(key);
        if (raw == null) {
            return null;
        }
        if (raw.length > MAX_VALUE_BYTES) {
            throw new IllegalArgumentException(key + " has " + raw.length + " bytes");
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(key + " is not UTF-8");
        }
    }

    private static int number(Map<String, byte[]> txt, String key, int min, int max) {
        String value = text(txt, key);
        if (value == null
                || value.isEmpty()
                || value.length() > 5
                || !value.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException(key + " is not a number");
        }
        int n = Integer.parseInt(value);
        if (n < min || n > max) {
            throw new IllegalArgumentException(key + " out of range: " + n);
        }
        return n;
    }

    private static String truncateUtf8(String s, int maxBytes) {
        StringBuilder out = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + n > maxBytes) {
                break;
            }
            out.appendCodePoint(cp);
            bytes += n;
            i += Character.charCount(cp);
        }
        return out.toString();
    }
}
