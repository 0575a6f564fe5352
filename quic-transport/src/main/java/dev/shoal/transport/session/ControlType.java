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

    private ControlType() {}
}
