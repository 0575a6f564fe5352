package dev.shoal.transport;

import dev.shoal.engine.spi.DeviceId;
import dev.shoal.transport.session.Session;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One-time tokens for TCP bulk lanes: each is issued for one admitted session, is good once, for the session's own
 * peer only, and for a short while. A token is 32 random bytes, so a stranger on the TCP port cannot guess one.
 */
final class LaneTokens {
    static final int TOKEN_BYTES = 32;
    /** Tokens outstanding at most; the oldest go first (a peer cannot make this grow by reconnecting). */
    private static final int MAX_OUTSTANDING = 256;

    private record Issued(Session session, long expiresNanos) {}

    private final SecureRandom random = new SecureRandom();
    private final Duration lifetime;
    private final Map<String, Issued> issued = new LinkedHashMap<>();

    LaneTokens(Duration lifetime) {
        this.lifetime = lifetime;
    }

    synchronized byte[] issue(Session session) {
        byte[] token = new byte[TOKEN_BYTES];
        random.nextBytes(token);
        long now = System.nanoTime();
        for (Iterator<Issued> it = issued.values().iterator(); it.hasNext(); ) {
            if (it.next().expiresNanos() - now < 0 || issued.size() >= MAX_OUTSTANDING) {
                it.remove();
            }
        }
        issued.put(HexFormat.of().formatHex(token), new Issued(session, now + lifetime.toNanos()));
        return token;
    }

    /** The session {@code token} was issued for, if it is still good and {@code joiner} is its peer; used up. */
    synchronized Session redeem(byte[] token, DeviceId joiner) {
        Issued i = issued.remove(HexFormat.of().formatHex(token));
        if (i == null || i.expiresNanos() - System.nanoTime() < 0) {
            return null;
        }
        Session s = i.session();
        return s.isOpen() && joiner.equals(s.device()) ? s : null;
    }
}
