package dev.shoal.transport.session;

import java.util.concurrent.TimeUnit;

/**
 * The accepting side's offers of a TCP bulk lane for one QUIC session: one once the session is admitted, and a new
 * one each time a lane is lost, after 5 s doubling up to 5 minutes while lanes keep failing, so a blocked TCP port
 * costs a dial now and then. Event loop only.
 */
final class LaneOffers {
    private final Carrier carrier;
    private final SessionHost host;
    private final Session session;
    /** Lanes lost in a row. */
    private int lost;
    /** Whether a lane was offered since the last one was lost. */
    private boolean offered;

    LaneOffers(Carrier carrier, SessionHost host, Session session) {
        this.carrier = carrier;
        this.host = host;
        this.session = session;
    }

    /** Offers a lane now, where this carrier takes lanes and the host has TCP. */
    void offer() {
        if (!carrier.takesLanes() || !session.admitted()) {
            return;
        }
        byte[] offer = host.laneOffer(session);
        if (offer != null) {
            offered = true;
            carrier.writeControl(ControlType.LANE_OFFER, offer);
        }
    }

    /** Offers a lane unless one was offered already (the host's TCP port came up after the session did). */
    void offerIfNone() {
        if (!offered) {
            offer();
        }
    }

    void lost() {
        offered = false;
        long delay = Math.min(300, 5L << Math.min(lost++, 6));
        carrier.eventLoop().schedule(this::offer, delay, TimeUnit.SECONDS);
    }
}
