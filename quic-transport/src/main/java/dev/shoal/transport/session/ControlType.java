package dev.shoal.transport.session;

/** First byte of every control-stream frame. */
final class ControlType {
    static final byte HELLO = 1;
    static final byte MESSAGE = 2;
    static final byte PING = 3;
    static final byte PONG = 4;

    /** First byte of a data-stream response. */
    static final byte RESPONSE_OK = 0;

    static final byte RESPONSE_ERROR = 1;

    /** Data-stream requests carry this type byte too, so all frames share one layout. */
    static final byte REQUEST = 5;

    /**
     * The accepting device offers a TCP bulk lane on the QUIC control stream: {@code u16 port + token}. The
     * dialling device connects there with its device certificate and sends the token as {@link #LANE_JOIN}, the
     * first frame of that connection; {@link #LANE_ACK} answers it.
     */
    static final byte LANE_OFFER = 7;

    static final byte LANE_JOIN = 8;
    static final byte LANE_ACK = 9;

    /** Public addresses to punch towards, sent over a relayed session by either device ({@link Candidates}). */
    static final byte CANDIDATES = 10;

    private ControlType() {}
}
